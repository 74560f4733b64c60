/*
 * DEVIO: read or write an I/O port the caller's privileges name.
 *   in: kc_devio.port, .req (MX_DIO_*), .value   out: .value
 */
#include "../system.h"

int io_allowed(const struct priv *sp, uint32_t port, uint32_t size);
int io_allowed(const struct priv *sp, uint32_t port, uint32_t size)
{
	for (int i = 0; i < 2; i++)
		if (sp->s_io_len[i] && port >= sp->s_io_base[i] &&
		    port + size <= (uint32_t)sp->s_io_base[i] + sp->s_io_len[i])
			return 1;
	return 0;
}

int do_sys_DEVIO(struct proc *caller, mx_message *m)
{
	struct kc_devio *a = MX_BODY(m, struct kc_devio);
	static const uint8_t size[] = { 0, 1, 2, 4, 1, 2, 4 };
	if (a->req < MX_DIO_INB || a->req > MX_DIO_OUTL)
		return -MX_EINVAL;
	if (a->port > 0xffff || !io_allowed(caller->p_priv, a->port, size[a->req]))
		return -MX_EPERM;
	uint16_t port = (uint16_t)a->port;
	switch (a->req) {
	case MX_DIO_INB:  a->value = inb(port); break;
	case MX_DIO_INW:  a->value = inw(port); break;
	case MX_DIO_INL:  a->value = inl(port); break;
	case MX_DIO_OUTB: outb(port, (uint8_t)a->value); break;
	case MX_DIO_OUTW: outw(port, (uint16_t)a->value); break;
	case MX_DIO_OUTL: outl(port, a->value); break;
	}
	return MX_OK;
}
