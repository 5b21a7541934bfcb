/* main.c - the shindan command line: parses the options and dispatches
 * to the subcommand through a table. The only file that returns the
 * process's exit status; the work is in src/batch/. */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "batch/batch.h"
#include "core/platform.h"
#include "core/text.h"
#include "ingest/values.h"

static void sd_usage(FILE *out)
{
    fputs("使い方: shindan <コマンド> [オプション] [ファイル|フォルダ...]\n"
          "\n"
          "情報セキュリティ自社診断（25問）の回答を取り込み、集計し、報告書を作ります。\n"
          "\n"
          "コマンド:\n"
          "  init                            団体名・担当窓口・連絡先を templates/shindan.ini に書く（最初に一度）\n"
          "  run     --input DIR --out DIR   新しいファイルを取り込み、PDF と Excel を作る（月次処理）\n"
          "  import  FILE|DIR...             回答ファイル（xlsx, xls, ods, CSV）をデータベースに取り込む\n"
          "  check   FILE|DIR...             取り込まずに検査だけする（何も書きません）\n"
          "  report  --out DIR               会員別 PDF と集計 PDF を作る\n"
          "  excel   --out DIR               分析用の Excel ブックを作る\n"
          "  stats   --by 区分               集計値を表示する\n"
          "          区分: industry region（prefecture）municipality size band period\n"
          "                industry-prefecture（cross）question question-industry company all\n"
          "  backup  --to FILE               データベースの一貫した複製を作る（使用中でも可）\n"
          "  verify                          データベースが壊れていないか全体を調べる\n"
          "  seminar add|kit|effect|list     セミナーの名簿を登録し、配布資料・回答用紙・効果を作る\n"
          "          add --title T --date YYYY-MM-DD 名簿  名簿（CSV, xlsx）を会員と照合して登録する\n"
          "          kit --out DIR           報告書の綴じ込み・回答用紙・入力用ファイルを作る\n"
          "          effect --out DIR        受講した会員の変化を effect.pdf にする\n"
          "          list                    登録したセミナーの一覧\n"
          "\n"
          "オプション:\n"
          "  --db FILE            データベース（既定: " SD_DEFAULT_DB "）\n"
          "  --period YYYY-MM     診断月（取り込み: 回答日のない行をこの月とする。回答日が別の月の行は\n"
          "                       取り込めない行になります / 出力: この月を出す）\n"
          "  --encoding ENC       CSV の文字コード auto（既定）, utf-8, cp932\n"
          "  --sheet NAME         xlsx で読むシート（既定: 読める最初のシート）\n"
          "  --strict             1 行でも取り込めない行があればそのファイルを取り込まない\n"
          "  --templates DIR      テンプレートのフォルダ（既定: $SHINDAN_TEMPLATES、./templates、\n"
          "                       プログラムの隣の templates、インストール先の順に探します）\n"
          "  --config FILE        団体の設定ファイル。テンプレートの shindan.ini の値を上書きします（指定が\n"
          "                       なければ $SHINDAN_CONFIG、./shindan.ini、~/.config/shindan/shindan.ini、\n"
          "                       /etc/shindan/shindan.ini の順に探します。init はこのファイルに書きます）\n"
          "  --group-readable     作ったファイルを同じグループの利用者も開けるようにする\n"
          "                       （サーバーの共有フォルダで他の職員が見るとき）\n"
          "  --font FILE          日本語フォント（既定: fonts/ か IPAexゴシック）\n"
          "  -j, --jobs N         PDF を N 並列で作る（既定: CPU 数）\n"
          "  --member NO          report でこの会員の PDF だけを作り直す\n"
          "  --no-details         Excel に回答明細シートと最小・最大を入れない（外部に渡すとき）\n"
          "  --format table|csv   stats の出力形式（csv は UTF-8、見出し行つき）\n"
          "  --no-suppress        stats で少数の区分も表示する（内部確認用）\n"
          "  -q, --quiet          進み具合を表示しない\n"
          "  --timings FILE       処理段階ごとの所要時間を FILE に追記する（性能測定用）\n"
          "  --to FILE            backup の複製先\n"
          "  --title TEXT  --date YYYY-MM-DD  --place TEXT\n"
          "                       seminar add で登録する題名・開催日・会場\n"
          "  --seminar ID         seminar の対象（既定: 最も新しいセミナー。add では名簿を差し替える）\n"
          "  --all                seminar kit で回答のある会員にも回答用紙を作る\n"
          "  --name TEXT  --department TEXT  --desk TEXT  --phone TEXT  --email TEXT  --web URL\n"
          "                       init で書く団体名・部署名・担当窓口・電話番号・メールアドレス・ウェブページ\n"
          "  -h, --help           この説明を表示する\n"
          "  --version            版を表示する\n"
          "\n"
          "終了コード: 0 成功（取り込めない行は一覧に出します）, 1 失敗, 2 使い方の誤り,\n"
          "            3 check で問題あり、または --strict でファイルを取り込まなかった\n"
          "\n"
          "詳しくは man shindan（インストール前は man -l build/shindan.1）と README.md を見てください。\n",
          out);
}

/* What each command needs on its command line. */
typedef struct {
    const char *name;
    int (*run)(const sd_opts *o);
    bool needs_out;    /* --out */
    bool needs_input;  /* --input */
    bool takes_files;  /* FILE|DIR... (at least one) */
    bool needs_to;     /* --to */
    bool sub;          /* a subcommand and its own arguments follow */
} sd_command;

static const sd_command sd_commands[] = {
    /* name     function       --out  --input files  --to   sub */
    {"run", sd_cmd_run, true, true, false, false, false},
    {"import", sd_cmd_import, false, false, true, false, false},
    {"check", sd_cmd_check, false, false, true, false, false},
    {"report", sd_cmd_report, true, false, false, false, false},
    {"excel", sd_cmd_excel, true, false, false, false, false},
    {"stats", sd_cmd_stats, false, false, false, false, false},
    {"backup", sd_cmd_backup, false, false, false, true, false},
    {"verify", sd_cmd_verify, false, false, false, false, false},
    {"init", sd_cmd_init, false, false, false, false, false},
    {"seminar", sd_cmd_seminar, false, false, false, false, true},
};

enum { O_DB = 256, O_PERIOD, O_ENC, O_STRICT, O_TEMPLATES, O_FONT, O_OUT, O_INPUT, O_BY, O_FORMAT,
       O_NODETAILS, O_NOSUPPRESS, O_VERSION, O_SHEET, O_TIMINGS, O_MEMBER, O_TO, O_TITLE, O_DATE, O_PLACE,
       O_SEMINAR, O_ALL, O_CONFIG, O_GROUP, O_ORG };

static const struct option sd_longopts[] = {
    {"db", required_argument, 0, O_DB},               {"period", required_argument, 0, O_PERIOD},
    {"encoding", required_argument, 0, O_ENC},        {"strict", no_argument, 0, O_STRICT},
    {"templates", required_argument, 0, O_TEMPLATES}, {"font", required_argument, 0, O_FONT},
    {"out", required_argument, 0, O_OUT},             {"input", required_argument, 0, O_INPUT},
    {"by", required_argument, 0, O_BY},               {"format", required_argument, 0, O_FORMAT},
    {"no-details", no_argument, 0, O_NODETAILS},      {"no-suppress", no_argument, 0, O_NOSUPPRESS},
    {"jobs", required_argument, 0, 'j'},              {"quiet", no_argument, 0, 'q'},
    {"help", no_argument, 0, 'h'},                    {"version", no_argument, 0, O_VERSION},
    {"sheet", required_argument, 0, O_SHEET},         {"timings", required_argument, 0, O_TIMINGS},
    {"member", required_argument, 0, O_MEMBER},       {"to", required_argument, 0, O_TO},
    /* seminar */
    {"title", required_argument, 0, O_TITLE},         {"date", required_argument, 0, O_DATE},
    {"place", required_argument, 0, O_PLACE},         {"seminar", required_argument, 0, O_SEMINAR},
    {"all", no_argument, 0, O_ALL},
    {"config", required_argument, 0, O_CONFIG},       {"group-readable", no_argument, 0, O_GROUP},
    /* init: the organisation fields, in shindan.ini's order (O_ORG + i) */
    {"name", required_argument, 0, O_ORG},            {"department", required_argument, 0, O_ORG + 1},
    {"desk", required_argument, 0, O_ORG + 2},        {"phone", required_argument, 0, O_ORG + 3},
    {"email", required_argument, 0, O_ORG + 4},       {"web", required_argument, 0, O_ORG + 5},
    {0, 0, 0, 0}};

/* Parses the options after the command into o. Returns -1 to go on, else
 * the exit status (help, version, misuse). */
static int sd_parse(int argc, char **argv, sd_opts *o)
{
    static char period_buf[8], date_buf[11];
    char *end;
    optind = 2;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":j:qh", sd_longopts, NULL)) != -1) {
        switch (ch) {
        case O_DB:
            if (!*optarg)
                return sd_misuse("--db にデータベースのファイルを指定してください（空です）");
            o->db_path = optarg;
            break;
        case O_PERIOD:
            if (!sd_parse_period(optarg, period_buf))
                return sd_misuse("--period は 2026-10 のように書いてください: %s", optarg);
            o->period = period_buf;
            break;
        case O_ENC:
            if (strcasecmp(optarg, "auto") == 0) o->encoding = SD_ENC_AUTO;
            else if (strcasecmp(optarg, "utf-8") == 0 || strcasecmp(optarg, "utf8") == 0) o->encoding = SD_ENC_UTF8;
            else if (strcasecmp(optarg, "cp932") == 0 || strcasecmp(optarg, "sjis") == 0 ||
                     strcasecmp(optarg, "shift_jis") == 0) o->encoding = SD_ENC_CP932;
            else return sd_misuse("--encoding は auto, utf-8, cp932 のいずれかです: %s", optarg);
            break;
        case O_STRICT: o->strict = true; break;
        case O_SHEET: o->sheet = optarg; break;
        case O_MEMBER: o->member = optarg; break;
        case O_TO:
            if (!*optarg)
                return sd_misuse("--to に複製先のファイルを指定してください（空です）");
            o->to = optarg;
            break;
        case O_TITLE: o->title = optarg; break;
        case O_PLACE: o->place = optarg; break;
        case O_DATE:
            if (!sd_parse_date(optarg, date_buf))
                return sd_misuse("--date は 2026-10-20 のように書いてください: %s", optarg);
            o->date = date_buf;
            break;
        case O_SEMINAR:
            o->seminar = strtoll(optarg, &end, 10);
            if (*end || o->seminar < 1)
                return sd_misuse("--seminar はセミナーの ID（1 以上の整数。seminar list で分かります）です: %s", optarg);
            break;
        case O_ALL: o->all = true; break;
        case O_TIMINGS:
            if (!o->timings && !(o->timings = fopen(optarg, "a")))
                return sd_misuse("--timings のファイルを開けません: %s", optarg);
            break;
        case O_TEMPLATES: o->templates = optarg; break;
        case O_CONFIG: o->config = optarg; break;
        case O_GROUP: o->group_readable = true; break;
        case O_FONT: o->font = optarg; break;
        case O_OUT:
            if (!*optarg)
                return sd_misuse("--out に出力先のフォルダを指定してください（空です）");
            o->out_dir = optarg;
            break;
        case O_INPUT:
            if (!*optarg)
                return sd_misuse("--input に回答ファイルのフォルダを指定してください（空です）");
            o->input_dir = optarg;
            break;
        case O_BY: o->by = optarg; break;
        case O_FORMAT:
            if (strcmp(optarg, "table") != 0 && strcmp(optarg, "csv") != 0)
                return sd_misuse("--format は table か csv です: %s", optarg);
            o->format = optarg;
            break;
        case O_NODETAILS: o->details = false; break;
        case O_NOSUPPRESS: o->no_suppress = true; break;
        case 'j':
            o->jobs = atoi(optarg);
            if (o->jobs < 1 || o->jobs > 64)
                return sd_misuse("-j は 1〜64 の数です: %s", optarg);
            break;
        case 'q': o->quiet = true; break;
        case O_ORG: case O_ORG + 1: case O_ORG + 2: case O_ORG + 3: case O_ORG + 4: case O_ORG + 5:
            o->org[ch - O_ORG] = optarg;
            break;
        case 'h': sd_usage(stdout); return SD_EXIT_OK;
        case O_VERSION: printf("shindan %s\n", SD_VERSION); return SD_EXIT_OK;
        case ':': return sd_misuse("オプション %s に値が必要です", argv[optind - 1]);
        default: return sd_misuse("不明なオプションです: %s", argv[optind - 1]);
        }
    }
    o->args = argv + optind;
    o->nargs = argc - optind;
    return -1;
}

int main(int argc, char **argv)
{
    /* The fault tests run shindan at the edge of an address-space limit,
     * where the dynamic loader or a library's constructor may die before
     * main; a file named by $SHINDAN_STARTED, made first thing, tells them
     * apart from a crash of shindan's own. */
    const char *started = getenv("SHINDAN_STARTED");
    if (started && *started) {
        int fd = open(started, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        if (fd >= 0)
            close(fd);
    }
    sd_console_init();
    if (argc < 2)
        return sd_misuse("コマンドを指定してください（run, import, check, report, excel, stats, backup, verify, seminar）");
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
        sd_usage(stdout);
        return SD_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0) {
        printf("shindan %s\n", SD_VERSION);
        return SD_EXIT_OK;
    }
    const sd_command *cmd = NULL;
    for (size_t i = 0; i < sizeof sd_commands / sizeof sd_commands[0]; i++)
        if (strcmp(name, sd_commands[i].name) == 0)
            cmd = &sd_commands[i];
    if (!cmd)
        return sd_misuse("不明なコマンドです: %s", name);

    sd_opts o = {.db_path = SD_DEFAULT_DB, .by = "industry", .format = "table", .details = true};
    int status = sd_parse(argc, argv, &o);
    if (status < 0) {
        if (cmd->takes_files && o.nargs == 0)
            status = sd_misuse("取り込むファイルかフォルダを指定してください");
        else if (cmd->needs_out && !o.out_dir)
            status = sd_misuse("--out で出力先のフォルダを指定してください");
        else if (cmd->needs_to && !o.to)
            status = sd_misuse("--to で複製先のファイルを指定してください");
        else if (cmd->needs_input && !o.input_dir)
            status = sd_misuse("--input で回答ファイルのフォルダを指定してください");
        else if (!cmd->takes_files && !cmd->sub && o.nargs > 0)
            status = sd_misuse("余分な引数があります: %s", o.args[0]);
        else
            status = cmd->run(&o);
    }
    if (o.timings && fclose(o.timings) != 0 && status == SD_EXIT_OK) {
        fprintf(stderr, "%s: --timings のファイルに書き込めません\n", sd_prog);
        status = SD_EXIT_FAIL;
    }
    return status;
}
