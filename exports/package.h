/*
 * package.h: the ZIP packages that office documents are (OOXML for DOCX,
 * ODF for ODT), built in memory with libzip and copied to the output
 * stream once complete.  Every entry gets the same modification time, so
 * the same document at the same time gives the same bytes.
 */
#ifndef AGORA_PACKAGE_H
#define AGORA_PACKAGE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../model/status.h"
#include "../model/util.h"
#include "export.h"

struct package;

/*
 * The time a document states, in seconds since the epoch: o->date when it
 * is set (>= 0), else SOURCE_DATE_EPOCH when that holds a number, else the
 * clock (which AGORA_NOW overrides).
 */
int64_t package_time(const struct export_options *o);

/* "2018-01-30T12:00:00Z" for t, as dcterms and ODF dates want it. */
void package_iso_time(struct buf *out, int64_t t);

/*
 * An empty package whose entries will carry the modification time mtime
 * (seconds since the epoch; the ZIP format keeps it in UTC here, whatever
 * the local time zone).  NULL if libzip fails.  Free with package_write()
 * or package_discard().
 */
struct package *package_new(int64_t mtime);

/*
 * Adds the entry name with the contents of b, which the package takes over
 * (b is left empty).  Stored uncompressed if stored, else deflated.
 * Entries keep the order they were added in.  ST_IO on failure, after which
 * the package can only be discarded.
 */
enum status package_add(struct package *p, const char *name, struct buf *b,
    bool stored);

/*
 * Completes the archive and writes its bytes to out.  Frees p whatever
 * happens.  ST_IO (errno set) if libzip or the stream fails.
 */
enum status package_write(struct package *p, FILE *out);

/* Frees a package without writing it. */
void package_discard(struct package *p);

#endif
