/* File data and directory listings: FS_READWRITE, FS_GETDENTS. */
#include "fs.h"

int do_readwrite(mx_message *m)
{
	struct fs_readwrite *a = MX_BODY(m, struct fs_readwrite);
	struct inode *ip = get_inode(a->ino);
	if (!ip)
		return -MX_ENOENT;
	uint32_t pos = a->pos, len = a->len, done = 0;
	int write = a->write != 0, r = 0;
	/* Data of regular files; directories are read only (their entries are ours to write). */
	if (!MX_S_ISREG(ip->d.mode) && !(MX_S_ISDIR(ip->d.mode) && !write)) {
		put_inode(ip);
		return MX_S_ISDIR(ip->d.mode) ? -MX_EISDIR : -MX_EINVAL;
	}
	if (write) {
		if (pos > sb.max_size || len > sb.max_size - pos)
			len = pos > sb.max_size ? 0 : sb.max_size - pos;
		if (len == 0 && a->len > 0)
			r = -MX_EFBIG;
	} else {
		len = pos >= ip->d.size ? 0 : (ip->d.size - pos < len ? ip->d.size - pos : len);
	}
	while (r == 0 && done < len) {
		uint32_t off = (pos + done) % BLOCK, n = BLOCK - off, z;
		if (n > len - done)
			n = len - done;
		if (write) {
			if ((r = write_map(ip, pos + done, &z)) < 0)
				break;
			int whole = off == 0 && n == BLOCK;
			struct buf *bp = get_block(z, whole ? BLK_NOREAD : BLK_READ);
			r = sys_safecopyfrom(MX_VFS, a->grant, done, bp->b.data + off, n);
			put_block(bp, r == 0);
		} else if (!(z = read_map(ip, pos + done))) {
			static const uint8_t zero[BLOCK];
			r = sys_safecopyto(MX_VFS, a->grant, done, zero, n);     /* a hole */
		} else {
			struct buf *bp = get_block(z, BLK_READ);
			r = sys_safecopyto(MX_VFS, a->grant, done, bp->b.data + off, n);
			put_block(bp, 0);
		}
		if (r < 0)
			break;
		done += n;
	}
	if (write && done > 0) {
		if (pos + done > ip->d.size)
			ip->d.size = pos + done;
		inode_touch(ip, 0, 1, 1);
	} else if (!write && done > 0) {
		ip->d.atime = fs_now();          /* not worth a write of its own */
	}
	uint32_t size = ip->d.size;
	put_inode(ip);
	if (done == 0 && r < 0)
		return r;
	a->bytes = done;
	a->size = size;
	return 0;
}

static uint8_t dtype(uint32_t mode)
{
	switch (mode & MX_S_IFMT) {
	case MX_S_IFREG: return MX_DT_REG;
	case MX_S_IFDIR: return MX_DT_DIR;
	case MX_S_IFCHR: return MX_DT_CHR;
	case MX_S_IFBLK: return MX_DT_BLK;
	case MX_S_IFIFO: return MX_DT_FIFO;
	}
	return MX_DT_UNKNOWN;
}

int do_getdents(mx_message *m)
{
	struct fs_getdents *a = MX_BODY(m, struct fs_getdents);
	struct inode *dp = get_inode(a->ino);
	if (!dp)
		return -MX_ENOENT;
	if (!MX_S_ISDIR(dp->d.mode)) {
		put_inode(dp);
		return -MX_ENOTDIR;
	}
	if (a->len < sizeof(struct mx_dirent)) {
		put_inode(dp);
		return -MX_EINVAL;
	}
	uint32_t pos = a->pos - a->pos % MXFS_DIRENT_SIZE, out = 0;
	int r = 0;
	while (pos < dp->d.size && out + sizeof(struct mx_dirent) <= a->len) {
		uint32_t z = read_map(dp, pos);
		if (!z) {
			pos = (pos / BLOCK + 1) * BLOCK;
			continue;
		}
		struct buf *bp = get_block(z, BLK_READ);
		struct mxfs_dirent e = bp->b.dir[(pos % BLOCK) / MXFS_DIRENT_SIZE];
		put_block(bp, 0);
		if (e.ino) {
			struct mx_dirent d;
			memset(&d, 0, sizeof(d));
			d.d_ino = e.ino;
			d.d_reclen = sizeof(d);
			memcpy(d.d_name, e.name, MXFS_NAME_MAX);
			d.d_namlen = (uint8_t)strnlen(d.d_name, MXFS_NAME_MAX);
			struct inode *ip = get_inode(e.ino);
			if (ip) {
				d.d_type = dtype(ip->d.mode);
				put_inode(ip);
			}
			if ((r = sys_safecopyto(MX_VFS, a->grant, out, &d, sizeof(d))) < 0)
				break;
			out += sizeof(d);
		}
		pos += MXFS_DIRENT_SIZE;
	}
	put_inode(dp);
	if (out == 0 && r < 0)
		return r;
	a->bytes = out;
	a->next_pos = pos;
	return 0;
}
