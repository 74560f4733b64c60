#include "../fstest/ftest_util.c"
