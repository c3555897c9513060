// FFTW 3, double (fftw_*) and single (fftwf_*) precision (Debian: libfftw3-dev;
// pkg-config modules "fftw3" and "fftw3f").
#include <fftw3.h>
