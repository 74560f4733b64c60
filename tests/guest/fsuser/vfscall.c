#include "../fstest/vfscall.c"
