// MPI (Debian: libopenmpi-dev and openmpi-bin; pkg-config module "ompi").
//
// Open MPI defines its handles (MPI_COMM_WORLD, MPI_DOUBLE, MPI_SUM, MPI_IN_PLACE, ...)
// as macros that expand to casts of addresses of global objects, which Swift cannot
// import. The functions below return them; they are the only C written for the shim.
#ifndef PINN_CMPI_SHIM_H
#define PINN_CMPI_SHIM_H

#include <mpi.h>

static inline MPI_Comm pinn_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Comm pinn_mpi_comm_null(void) { return MPI_COMM_NULL; }

static inline MPI_Datatype pinn_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype pinn_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype pinn_mpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Datatype pinn_mpi_byte(void) { return MPI_BYTE; }

static inline MPI_Op pinn_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op pinn_mpi_max(void) { return MPI_MAX; }
static inline MPI_Op pinn_mpi_min(void) { return MPI_MIN; }

static inline MPI_Errhandler pinn_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }

static inline int pinn_mpi_success(void) { return MPI_SUCCESS; }
static inline int pinn_mpi_thread_serialized(void) { return MPI_THREAD_SERIALIZED; }
static inline int pinn_mpi_max_error_string(void) { return MPI_MAX_ERROR_STRING; }

/// MPI_Allreduce with MPI_IN_PLACE as the send buffer: `buffer` holds this rank's values
/// on entry and the reduced values on return.
static inline int pinn_mpi_allreduce_in_place(void *buffer, int count, MPI_Datatype type, MPI_Op op,
                                              MPI_Comm comm) {
    return MPI_Allreduce(MPI_IN_PLACE, buffer, count, type, op, comm);
}

#endif
