/* zpart.c - one zip entry read with the inflated-size and ratio limits */
#include "ingest/zpart.h"

#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "core/limits.h"

#define SD_BOMB_FLOOR (16LL * 1024 * 1024) /* the ratio is checked above this size */

int sd_zpart_locate(unzFile zip, const char *part)
{
    if (unzLocateFile(zip, part, 2) == UNZ_OK)
        return UNZ_OK;
    char alt[256];
    snprintf(alt, sizeof alt, "%s", part);
    for (char *p = alt; *p; p++)
        if (*p == '/')
            *p = '\\';
    return unzLocateFile(zip, alt, 2);
}

sd_error sd_zpart_open(sd_zpart *z, const char *part, bool required, const char *what, const char *ext,
                       char *err, size_t errlen)
{
    snprintf(z->part, sizeof z->part, "%s", part);
    z->eof = true; /* nothing open yet */
    if (sd_zpart_locate(z->zip, part) != UNZ_OK) {
        if (!required)
            return SD_DONE;
        return sd_fail(err, errlen, SD_ERR_FORMAT, "%sに必要な %s がありません（壊れているか %s ではありません）",
                       what, part, ext);
    }
    unz_file_info64 info;
    if (unzGetCurrentFileInfo64(z->zip, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK)
        return sd_fail(err, errlen, SD_ERR_FORMAT, "zip の目録が壊れています（%s）", part);
    if (info.flag & 1)
        return sd_fail(err, errlen, SD_ERR_FORMAT,
                       "zip が暗号化されています。パスワードを外して保存し直してください");
    if (info.compression_method != 0 && info.compression_method != Z_DEFLATED)
        return sd_fail(err, errlen, SD_ERR_FORMAT, "%s が読めない圧縮方式（%lu）で保存されています", part,
                       (unsigned long)info.compression_method);
    if ((long long)info.uncompressed_size > sd_lim.inflated_bytes)
        return sd_fail(err, errlen, SD_ERR_LIMIT, "%s は展開すると %llu MB になり、上限（%lld MB）を超えます", part,
                       (unsigned long long)(info.uncompressed_size >> 20), sd_lim.inflated_bytes >> 20);
    if (unzOpenCurrentFile(z->zip) != UNZ_OK)
        return sd_fail(err, errlen, SD_ERR_FORMAT, "%s を展開できません（壊れています）", part);
    z->inflated = 0;
    z->compressed = (long long)info.compressed_size;
    z->eof = false;
    return SD_OK;
}

sd_error sd_zpart_read(sd_zpart *z, char *buf, size_t cap, size_t *got, char *err, size_t errlen)
{
    int n = unzReadCurrentFile(z->zip, buf, (unsigned)cap);
    if (n < 0)
        return sd_fail(err, errlen, SD_ERR_FORMAT, "%s を展開できません（ファイルが途中で切れているか壊れています）",
                       z->part);
    z->inflated += n;
    if (z->inflated > sd_lim.inflated_bytes)
        return sd_fail(err, errlen, SD_ERR_LIMIT, "%s は展開すると上限（%lld MB）を超えます（zip 爆弾の疑い）", z->part,
                       sd_lim.inflated_bytes >> 20);
    if (z->inflated > SD_BOMB_FLOOR && z->inflated / (z->compressed > 0 ? z->compressed : 1) > sd_lim.zip_ratio)
        return sd_fail(err, errlen, SD_ERR_LIMIT, "%s の圧縮率が異常に高いため読みません（zip 爆弾の疑い）", z->part);
    *got = (size_t)n;
    if (n == 0) {
        z->eof = true;
        if (unzCloseCurrentFile(z->zip) == UNZ_CRCERROR)
            return sd_fail(err, errlen, SD_ERR_FORMAT, "%s の検査値（CRC）が合いません（ファイルが壊れています）",
                           z->part);
    }
    return SD_OK;
}

void sd_zpart_close(sd_zpart *z)
{
    if (!z->eof)
        unzCloseCurrentFile(z->zip);
    z->eof = true;
}
