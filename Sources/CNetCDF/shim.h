// The NetCDF C library (Debian: libnetcdf-dev; pkg-config module "netcdf").
#include <netcdf.h>
