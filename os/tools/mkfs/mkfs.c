/*
 * mkfs: build an MX file-system image (format in os/include/mx/fs.h) from
 * a prototype file, on the host, at build time.
 *
 *   mkfs [-b blocks] [-i inodes] [-t time] image proto
 *
 * Each line of proto makes one node; parents must come first:
 *   d PATH MODE               a directory
 *   f PATH MODE HOSTFILE      a regular file with HOSTFILE's contents
 *   c PATH MODE MAJOR MINOR   a character special file
 *   b PATH MODE MAJOR MINOR   a block special file
 * MODE is octal permissions.  Blank lines and lines starting with # are
 * skipped.  Without -b the image is the space used plus as much again,
 * and at least 4 MiB free.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <mx/fs.h>
#include <mx/vfs.h>

#define BS MXFS_BLOCK_SIZE
#define NIND MXFS_ZONES_PER_IND

static uint8_t *img;
static uint32_t nblocks, ninodes, next_zone, next_ino = MXFS_ROOT_INO;
static struct mxfs_super sb;
static uint32_t now;
static const char *proto_name;
static int lineno;

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "mkfs: ");
	if (proto_name && lineno)
		fprintf(stderr, "%s:%d: ", proto_name, lineno);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static uint8_t *block(uint32_t b) { return img + (size_t)b * BS; }

static void set_bit(uint32_t map_start, uint32_t bit)
{
	block(map_start + bit / (BS * 8))[(bit % (BS * 8)) / 8] |= (uint8_t)(1u << (bit % 8));
}

static struct mxfs_inode *inode(uint32_t ino)
{
	uint32_t b = 2 + sb.imap_blocks + sb.zmap_blocks + ino / MXFS_INODES_PER_BLOCK;
	return (struct mxfs_inode *)block(b) + ino % MXFS_INODES_PER_BLOCK;
}

static uint32_t alloc_zone(void)
{
	if (next_zone >= nblocks)
		die("image full (%u blocks); use a larger -b", nblocks);
	uint32_t z = next_zone++;
	set_bit(2 + sb.imap_blocks, z - sb.first_data_zone + 1);
	return z;
}

static uint32_t alloc_inode(uint16_t mode)
{
	if (next_ino >= ninodes)
		die("out of inodes (%u); use a larger -i", ninodes);
	uint32_t ino = next_ino++;
	set_bit(2, ino);
	struct mxfs_inode *ip = inode(ino);
	memset(ip, 0, sizeof(*ip));
	ip->mode = mode;
	ip->atime = ip->mtime = ip->ctime = now;
	return ino;
}

/* The zone for file block n of ino, allocated if missing. */
static uint32_t map(uint32_t ino, uint32_t n)
{
	struct mxfs_inode *ip = inode(ino);
	if (n < MXFS_NR_DZONES) {
		if (!ip->zone[n])
			ip->zone[n] = alloc_zone();
		return ip->zone[n];
	}
	n -= MXFS_NR_DZONES;
	uint32_t *top;
	if (n < NIND) {
		top = &ip->zone[MXFS_IND];
	} else {
		n -= NIND;
		if (n >= NIND * NIND)
			die("file too large");
		if (!ip->zone[MXFS_DIND])
			ip->zone[MXFS_DIND] = alloc_zone();
		uint32_t *mid = (uint32_t *)block(ip->zone[MXFS_DIND]) + n / NIND;
		top = mid;
		n %= NIND;
	}
	if (!*top)
		*top = alloc_zone();
	uint32_t *slot = (uint32_t *)block(*top) + n;
	if (!*slot)
		*slot = alloc_zone();
	return *slot;
}

static void append(uint32_t ino, const void *data, uint32_t len)
{
	struct mxfs_inode *ip = inode(ino);
	for (uint32_t done = 0; done < len; ) {
		uint32_t pos = ip->size + done, off = pos % BS, n = BS - off;
		if (n > len - done)
			n = len - done;
		memcpy(block(map(ino, pos / BS)) + off, (const uint8_t *)data + done, n);
		done += n;
	}
	ip->size += len;
}

static void dir_enter(uint32_t dir, const char *name, uint32_t ino)
{
	struct mxfs_dirent e;
	if (strlen(name) > MXFS_NAME_MAX || !*name)
		die("bad name '%s'", name);
	memset(&e, 0, sizeof(e));
	e.ino = ino;
	strncpy(e.name, name, MXFS_NAME_MAX);
	append(dir, &e, sizeof(e));
}

static uint32_t dir_lookup(uint32_t dir, const char *name)
{
	struct mxfs_inode *ip = inode(dir);
	for (uint32_t pos = 0; pos < ip->size; pos += MXFS_DIRENT_SIZE) {
		const struct mxfs_dirent *e = (const void *)(block(map(dir, pos / BS)) + pos % BS);
		if (e->ino && strncmp(e->name, name, MXFS_NAME_MAX) == 0)
			return e->ino;
	}
	return 0;
}

static uint32_t new_dir(uint32_t parent, uint16_t perm)
{
	uint32_t ino = alloc_inode(MX_S_IFDIR | perm);
	dir_enter(ino, ".", ino);
	dir_enter(ino, "..", parent ? parent : ino);
	inode(ino)->nlinks = 2;
	if (parent)
		inode(parent)->nlinks++;
	return ino;
}

/* Split PATH into its parent directory's inode and the last name. */
static uint32_t parent_of(char *path, char **last)
{
	if (path[0] != '/')
		die("path '%s' is not absolute", path);
	uint32_t dir = MXFS_ROOT_INO;
	char *p = path + 1, *slash;
	while ((slash = strchr(p, '/'))) {
		*slash = 0;
		uint32_t next = dir_lookup(dir, p);
		if (!next || !MX_S_ISDIR(inode(next)->mode))
			die("no directory '%s' (make it first)", p);
		dir = next;
		p = slash + 1;
	}
	if (!*p)
		die("path '%s' has no name", path);
	if (dir_lookup(dir, p))
		die("'%s' exists already", p);
	*last = p;
	return dir;
}

static void add_file(uint32_t dir, const char *name, uint16_t perm, const char *host)
{
	FILE *f = fopen(host, "rb");
	if (!f)
		die("%s: %s", host, strerror(errno));
	uint32_t ino = alloc_inode(MX_S_IFREG | perm);
	inode(ino)->nlinks = 1;
	dir_enter(dir, name, ino);
	uint8_t buf[BS];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		append(ino, buf, (uint32_t)n);
	fclose(f);
}

static void proto_line(char *line)
{
	char kind[4], path[MX_PATH_MAX], a3[MX_PATH_MAX], a4[32];
	unsigned mode;
	int n = sscanf(line, "%3s %255s %o %255s %31s", kind, path, &mode, a3, a4);
	if (n < 3)
		die("cannot parse '%s'", line);
	char *name;
	if (strcmp(kind, "d") == 0) {
		if (strcmp(path, "/") == 0)
			return;                         /* the root exists */
		uint32_t dir = parent_of(path, &name);
		dir_enter(dir, name, new_dir(dir, (uint16_t)(mode & 07777)));
	} else if (strcmp(kind, "f") == 0) {
		if (n < 4)
			die("f needs a host file");
		uint32_t dir = parent_of(path, &name);
		add_file(dir, name, (uint16_t)(mode & 07777), a3);
	} else if (strcmp(kind, "c") == 0 || strcmp(kind, "b") == 0) {
		if (n < 5)
			die("%s needs a major and a minor", kind);
		uint32_t dir = parent_of(path, &name);
		uint32_t ino = alloc_inode((uint16_t)((kind[0] == 'c' ? MX_S_IFCHR : MX_S_IFBLK) | (mode & 07777)));
		inode(ino)->nlinks = 1;
		inode(ino)->zone[0] = MX_MAKEDEV(atoi(a3), atoi(a4));
		dir_enter(dir, name, ino);
	} else {
		die("unknown kind '%s'", kind);
	}
}

/* Blocks the proto's files need, roughly (indirect blocks included). */
static uint32_t estimate(FILE *f, uint32_t *nodes)
{
	char line[1024];
	uint64_t blocks = 64;
	*nodes = 16;
	while (fgets(line, sizeof(line), f)) {
		char kind[4], path[MX_PATH_MAX], host[MX_PATH_MAX];
		unsigned mode;
		if (sscanf(line, "%3s %255s %o %255s", kind, path, &mode, host) < 3 || kind[0] == '#')
			continue;
		(*nodes)++;
		blocks += 2;
		struct stat st;
		if (kind[0] == 'f' && stat(host, &st) == 0)
			blocks += (uint64_t)(st.st_size + BS - 1) / BS * (NIND + 1) / NIND + 2;
	}
	rewind(f);
	return (uint32_t)blocks;
}

int main(int argc, char **argv)
{
	uint32_t want_blocks = 0, want_inodes = 0;
	now = (uint32_t)time(NULL);
	int i;
	for (i = 1; i < argc && argv[i][0] == '-'; i += 2) {
		if (i + 1 >= argc)
			die("option %s needs a value", argv[i]);
		if (strcmp(argv[i], "-b") == 0)
			want_blocks = (uint32_t)strtoul(argv[i + 1], NULL, 0);
		else if (strcmp(argv[i], "-i") == 0)
			want_inodes = (uint32_t)strtoul(argv[i + 1], NULL, 0);
		else if (strcmp(argv[i], "-t") == 0)
			now = (uint32_t)strtoul(argv[i + 1], NULL, 0);
		else
			die("unknown option %s", argv[i]);
	}
	if (argc - i != 2) {
		fprintf(stderr, "usage: mkfs [-b blocks] [-i inodes] [-t time] image proto\n");
		return 2;
	}
	const char *out = argv[i];
	proto_name = argv[i + 1];
	FILE *pf = fopen(proto_name, "r");
	if (!pf)
		die("%s: %s", proto_name, strerror(errno));
	uint32_t nodes, used = estimate(pf, &nodes);
	nblocks = want_blocks ? want_blocks : used + (used > 4096 ? used : 4096);
	ninodes = want_inodes ? want_inodes : (nodes * 2 > 1024 ? nodes * 2 : 1024);
	ninodes = (ninodes + MXFS_INODES_PER_BLOCK - 1) / MXFS_INODES_PER_BLOCK * MXFS_INODES_PER_BLOCK;

	sb.magic = MXFS_MAGIC;
	sb.version = MXFS_VERSION;
	sb.block_size = BS;
	sb.ninodes = ninodes;
	sb.nzones = nblocks;
	sb.imap_blocks = (ninodes + BS * 8 - 1) / (BS * 8);
	sb.inode_blocks = ninodes / MXFS_INODES_PER_BLOCK;
	sb.zmap_blocks = 1;
	for (;;) {
		sb.first_data_zone = 2 + sb.imap_blocks + sb.zmap_blocks + sb.inode_blocks;
		if (sb.first_data_zone >= nblocks)
			die("%u blocks is too small", nblocks);
		uint32_t need = (nblocks - sb.first_data_zone + 1 + BS * 8 - 1) / (BS * 8);
		if (need <= sb.zmap_blocks)
			break;
		sb.zmap_blocks = need;
	}
	sb.max_size = (uint32_t)(((uint64_t)MXFS_NR_DZONES + NIND + (uint64_t)NIND * NIND) * BS > 0x7fffffff ?
				 0x7fffffff : (MXFS_NR_DZONES + NIND + NIND * NIND) * BS);
	sb.mkfs_time = now;
	sb.state = 1;
	img = calloc(nblocks, BS);
	if (!img)
		die("out of memory");
	memcpy(block(1), &sb, sizeof(sb));
	next_zone = sb.first_data_zone;
	set_bit(2, 0);                              /* inode 0 and zone bit 0: never used */
	set_bit(2 + sb.imap_blocks, 0);
	/* Bits past the end of each map are "used" so nobody allocates them. */
	for (uint32_t b = ninodes; b < sb.imap_blocks * BS * 8; b++)
		set_bit(2, b);
	for (uint32_t b = nblocks - sb.first_data_zone + 1; b < sb.zmap_blocks * BS * 8; b++)
		set_bit(2 + sb.imap_blocks, b);
	new_dir(0, 0755);                           /* the root: inode 1 */

	char line[1024];
	while (fgets(line, sizeof(line), pf)) {
		lineno++;
		line[strcspn(line, "\r\n")] = 0;
		char *p = line + strspn(line, " \t");
		if (!*p || *p == '#')
			continue;
		proto_line(p);
	}
	fclose(pf);
	lineno = 0;

	FILE *of = fopen(out, "wb");
	if (!of)
		die("%s: %s", out, strerror(errno));
	if (fwrite(img, BS, nblocks, of) != nblocks || fclose(of) != 0)
		die("%s: write failed", out);
	printf("mkfs: %s: %u blocks of %u bytes, %u used; %u inodes, %u used\n",
	       out, nblocks, BS, next_zone, ninodes, next_ino);
	return 0;
}
