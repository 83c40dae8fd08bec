/* The client side of the serial protocol (mica/serial.h), for the shell:
 * bytes to and from a serial server's endpoint. */
#ifndef SHELL_SERIAL_CLIENT_H
#define SHELL_SERIAL_CLIENT_H
#include <stddef.h>
#include <stdint.h>

/* Sends n bytes in as many requests as it takes; n or a negative error
 * (the server is gone: -MICA_EBADF or -MICA_EPIPE). */
long serial_write(long ep, const char *bytes, size_t n);
/* Waits for input; 1..max bytes or a negative error. */
long serial_read(long ep, char *bytes, size_t max);

#endif
