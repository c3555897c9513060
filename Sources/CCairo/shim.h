// The cairo 2-D graphics library with its PNG support (Debian: libcairo2-dev;
// pkg-config module "cairo").
#include <cairo.h>
