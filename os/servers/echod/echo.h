/* The echo protocol: any m_type is echoed back; ECHO_STOP ends the server. */
#ifndef ECHO_H
#define ECHO_H
#include <mx/callnr.h>
#define ECHO_PING (MX_TEST_BASE + 1)
#define ECHO_STOP (MX_TEST_BASE + 2)
#endif
