/* SPDX-License-Identifier: GPL-2.0 */
/*
 * randgen.h - the contract between the random-block generator (randgen.c,
 * a host program) and the guest runner (runner.c) that executes its
 * blocks.
 *
 * randgen writes a blob: a header, a table of blocks, then the blocks'
 * code. The runner is linked with the blob (blob.S) and, for each block,
 * fills the scratch buffer from the block's seed, points SP at a frame
 * and calls the block. A block:
 *
 *   - saves x30 (the runner's return address) at frame[RG_FRAME_RET],
 *     loads x28 with frame[RG_FRAME_SCRATCH] (the middle of the scratch
 *     buffer), sets NZCV and every other register from its literal pool;
 *   - runs its random body, which never writes SP or x28 and only
 *     accesses memory within RG_SCRATCH_REACH bytes of x28, naturally
 *     aligned;
 *   - stores x0..x30 to frame[0..30] and NZCV to frame[RG_FRAME_NZCV],
 *     reloads x30 from frame[RG_FRAME_RET] and returns.
 *
 * All multi-byte fields are little-endian.
 */
#ifndef XVM_RANDGEN_H
#define XVM_RANDGEN_H

#define RG_MAGIC		0x31475258u	/* "XRG1" */

/* Frame slots (doublewords) addressed from SP inside a block. */
#define RG_FRAME_NZCV		31
#define RG_FRAME_RET		32
#define RG_FRAME_SCRATCH	33
#define RG_FRAME_WORDS		34	/* a multiple of 2: SP stays aligned */

/* The scratch buffer; x28 points at its middle. */
#define RG_SCRATCH_SIZE		2048
#define RG_SCRATCH_REACH	(RG_SCRATCH_SIZE / 2)

struct rg_header {
	u32 magic;
	u32 nblocks;
	u64 seed;
	u64 first;		/* global index of the first block */
	u32 table_off;		/* offset of nblocks struct rg_entry */
	u32 reserved;
};

struct rg_entry {
	u32 code_off;		/* where the block starts */
	u32 code_len;		/* bytes of instructions (literals follow) */
	u64 scratch_seed;	/* seeds the scratch buffer's contents */
};

/* The guest side: the blob as linked by blob.S, and its trampoline. */
extern const u8 rg_blob[];
void rg_call(const void *code, u64 *frame);

#endif /* XVM_RANDGEN_H */
