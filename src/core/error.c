/* error.c - messages for sd_error, in the Japanese a chamber's staff reads */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>

static const char *const sd_error_strings[SD_ERR_COUNT] = {
    [SD_OK] = "成功しました",
    [SD_DONE] = "終わりに達しました",
    [SD_ERR_NOMEM] = "メモリが足りません",
    [SD_ERR_IO] = "ファイルを読み書きできません",
    [SD_ERR_FORMAT] = "ファイルの形式が正しくありません",
    [SD_ERR_ENCODING] = "文字コードを変換できません",
    [SD_ERR_TEMPLATE] = "テンプレートに誤りがあります",
    [SD_ERR_DB] = "データベースのエラーです",
    [SD_ERR_DB_VERSION] = "データベースが新しい版の shindan で作られています",
    [SD_ERR_NO_HEADER] = "見出し行に必須の列がありません",
    [SD_ERR_PDF] = "PDF を作成できません",
    [SD_ERR_FONT] = "フォントを読み込めません",
    [SD_ERR_XLSX] = "Excel ファイルを作成できません",
    [SD_ERR_NO_DATA] = "対象期間のデータがありません",
    [SD_ERR_LIMIT] = "上限を超えています",
    [SD_ERR_REJECTED] = "取り込めない行があったため、ファイル全体を取り込みませんでした",
};

const char *sd_strerror(sd_error err)
{
    if ((unsigned)err >= SD_ERR_COUNT || !sd_error_strings[err])
        return "不明なエラーです";
    return sd_error_strings[err];
}

sd_error sd_fail(char *buf, size_t len, sd_error err, const char *fmt, ...)
{
    if (buf && len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(buf, len, fmt, ap);
        va_end(ap);
    }
    return err;
}
