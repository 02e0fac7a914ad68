// How fast plain C reads interactions.csv on this machine: a floor for any design that parses
// the file, against which Kith's parse (kith-compare's "parse CSV") can be judged.
//
//   cc -O3 -march=native -pthread floor.c -o /tmp/kith-floor && /tmp/kith-floor DATA/interactions.csv
//
// The file is memory-mapped and split on a line boundary into one part per core; each part is
// read by its own thread. Three passes, each timed on its own, the median of five runs each:
//   touch    count the newlines, sixteen bytes at a time (every page of the file read once);
//   parse    read every row's five fields ("time,kind,a,b,initiator", plain digits) into a
//            checksum, nothing written;
//   columns  the same, and write each row with the ego (id 0) to the columns a snapshot is built
//            from (contact 4 bytes, time 8, kind 1, initiator 4; 17 bytes a row), in fresh
//            memory as a process has it. No validation, no id lookup, no other rows kept: less
//            than Kith does, so a floor.
#define _GNU_SOURCE
#include <emmintrin.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { TOUCH, PARSE, COLUMNS };

typedef struct {
  const uint8_t *begin, *end;
  int pass;
  uint64_t checksum;
  long rows;
  int32_t *contact, *initiator;
  int64_t *time;
  uint8_t *kind;
} Part;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static uint64_t number(const uint8_t **p, uint8_t stop) {
  uint64_t v = 0;
  while (**p != stop) v = v * 10 + (uint64_t)(*(*p)++ - '0');
  (*p)++;
  return v;
}

static void *read_part(void *arg) {
  Part *part = arg;
  const uint8_t *p = part->begin, *end = part->end;
  uint64_t sum = 0;
  long rows = 0;
  if (part->pass == TOUCH) {
    const __m128i newline = _mm_set1_epi8('\n');
    for (; end - p >= 16; p += 16)
      sum += (uint64_t)__builtin_popcount(
          (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)p), newline)));
  } else {
    while (p < end) {
      uint64_t t = number(&p, ',');
      uint64_t k = *p;
      while (*p != ',') p++;
      p++;
      uint64_t a = number(&p, ','), b = number(&p, ','), x = number(&p, '\n');
      if (part->pass == COLUMNS) {
        // Written whatever the row, counted only for the ego's: no branch on the row.
        part->contact[rows] = (int32_t)(a == 0 ? b : a);
        part->time[rows] = (int64_t)t;
        part->kind[rows] = (uint8_t)k;
        part->initiator[rows] = (int32_t)x;
        rows += (a == 0 || b == 0);
      }
      sum += t ^ k ^ a ^ b ^ x;
    }
  }
  part->checksum = sum;
  part->rows = rows;
  return NULL;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s interactions.csv\n", argv[0]);
    return 2;
  }
  int fd = open(argv[1], O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    perror(argv[1]);
    return 1;
  }
  const uint8_t *file = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (file == MAP_FAILED) {
    perror("mmap");
    return 1;
  }
  const uint8_t *body = (const uint8_t *)memchr(file, '\n', (size_t)st.st_size) + 1;
  const uint8_t *end = file + st.st_size;
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  int parts = cores < 1 ? 1 : cores > 64 ? 64 : (int)cores;
  const uint8_t *bounds[65];
  bounds[0] = body;
  for (int k = 1; k < parts; k++) {
    const uint8_t *q = body + (end - body) * k / parts;
    bounds[k] = (const uint8_t *)memchr(q, '\n', (size_t)(end - q)) + 1;
  }
  bounds[parts] = end;
  const char *names[] = {"touch", "parse", "columns"};
  printf("%s: %.0f MB, %d parts\n", argv[1], st.st_size / 1e6, parts);
  for (int pass = TOUCH; pass <= COLUMNS; pass++) {
    double seconds[5];
    uint64_t checksum = 0;
    for (int run = 0; run < 5; run++) {
      Part part[64];
      pthread_t thread[64];
      double start = now();
      for (int k = 0; k < parts; k++) {
        part[k] = (Part){.begin = bounds[k], .end = bounds[k + 1], .pass = pass};
        if (pass == COLUMNS) {
          // At most one row per 9 bytes ("t,k,a,b,\n" at its shortest); pages are touched, and
          // paid for, only as rows are written.
          size_t rows = (size_t)(bounds[k + 1] - bounds[k]) / 9 + 1;
          part[k].contact = malloc(rows * 4);
          part[k].initiator = malloc(rows * 4);
          part[k].time = malloc(rows * 8);
          part[k].kind = malloc(rows);
        }
        if (k > 0) pthread_create(&thread[k], NULL, read_part, &part[k]);
      }
      read_part(&part[0]);
      checksum = part[0].checksum;
      for (int k = 1; k < parts; k++) {
        pthread_join(thread[k], NULL);
        checksum ^= part[k].checksum;
      }
      seconds[run] = now() - start;
      for (int k = 0; k < parts && pass == COLUMNS; k++) {
        free(part[k].contact);
        free(part[k].initiator);
        free(part[k].time);
        free(part[k].kind);
      }
    }
    qsort(seconds, 5, sizeof seconds[0], by_value);
    printf("  %-8s median %.3f s (%.3f–%.3f)  checksum %llx\n", names[pass], seconds[2],
           seconds[0], seconds[4], (unsigned long long)checksum);
  }
  return 0;
}
