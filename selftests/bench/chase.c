// SPDX-License-Identifier: GPL-2.0
/*
 * chase.c - pointer chasing: walking a linked list whose nodes lie in
 * shuffled order (every step a dependent load to an unpredictable place),
 * and an unbalanced binary search tree of random keys, filled and then
 * searched.
 */
#include "bench.h"

#define LIST_NODES	(32 * 1024)
#define LIST_WALKS	16
#define TREE_KEYS	(16 * 1024)
#define TREE_LOOKUPS	(64 * 1024)
#define ROUNDS		36

struct list_node {
	struct list_node *next;
	u64 value;
};

struct tree_node {
	struct tree_node *child[2];
	u64 key;
};

static struct list_node list[LIST_NODES];
static u32 order[LIST_NODES];
static struct tree_node tree_pool[TREE_KEYS];
static u64 keys[TREE_KEYS];

static void link_shuffled(u64 *seed)
{
	u32 i, j, t;

	for (i = 0; i < LIST_NODES; i++)
		order[i] = i;
	for (i = LIST_NODES - 1; i > 0; i--) {
		j = guest_rand(seed) % (i + 1);
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (i = 0; i < LIST_NODES; i++) {
		list[order[i]].next = i + 1 < LIST_NODES ?
				      &list[order[i + 1]] : NULL;
		list[order[i]].value = guest_rand(seed) >> 40;
	}
}

static noinline u64 walk_list(const struct list_node *n)
{
	u64 sum = 0, count = 0;

	for (; n; n = n->next) {
		sum = sum * 31 + n->value;
		count++;
	}
	return sum ^ count;
}

/* Returns the node holding key, inserting it when absent. */
static struct tree_node *tree_insert(struct tree_node **root, u64 key,
				     unsigned long *used)
{
	struct tree_node **link = root, *n;

	while ((n = *link)) {
		if (n->key == key)
			return n;
		link = &n->child[key > n->key];
	}
	n = &tree_pool[(*used)++];
	n->child[0] = NULL;
	n->child[1] = NULL;
	n->key = key;
	*link = n;
	return n;
}

static noinline u64 tree_find(const struct tree_node *n, u64 key)
{
	u64 depth = 0;

	while (n && n->key != key) {
		n = n->child[key > n->key];
		depth++;
	}
	return n ? depth : 0;
}

int main(void)
{
	u64 seed = 0x3779b97f4a7c15f9ULL, sum = 0, key, v;
	struct tree_node *root;
	unsigned long used, i;
	int round, walk;

	for (round = 0; round < ROUNDS; round++) {
		link_shuffled(&seed);
		for (walk = 0; walk < LIST_WALKS; walk++) {
			sum = bench_mix(sum, walk_list(&list[order[0]]));
			list[order[walk * 97 % LIST_NODES]].value++;
		}

		root = NULL;
		used = 0;
		for (i = 0; i < TREE_KEYS; i++) {
			keys[i] = guest_rand(&seed) % (TREE_KEYS * 4);
			tree_insert(&root, keys[i], &used);
		}
		sum = bench_mix(sum, used);
		/* Half of the lookups replay inserted keys: all must hit. */
		for (i = 0; i < TREE_LOOKUPS; i++) {
			if (i & 1) {
				v = tree_find(root, guest_rand(&seed) %
						    (TREE_KEYS * 4));
			} else {
				key = keys[(i / 2) % TREE_KEYS];
				v = tree_find(root, key);
				if (!v && root->key != key)
					return bench_fail("chase", "lost key",
							  key, 0);
			}
			sum = bench_mix(sum, v);
		}
	}
	return bench_result("chase", sum);
}
