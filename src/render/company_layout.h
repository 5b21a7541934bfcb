/* company_layout.h - the company report's two pages as data: every box, row, text and type size */
#ifndef SD_COMPANY_LAYOUT_H
#define SD_COMPANY_LAYOUT_H

#include "render/pdf.h"

/* One text on the page. x is from the left margin; y is its baseline, on
 * the page or below the cursor of its section (each field's comment says
 * which); w the width it may take (0: unbounded); size the type size; min
 * the smallest size a fitted text may shrink to, or a paragraph's leading. */
typedef struct {
    float x, y, w, size, min;
} sd_cl_text;

/* A rectangle: x from the left margin, y its top on the page. */
typedef struct {
    float x, y, w, h;
} sd_cl_box;

/* The rows of bars (parts, comparison), y being the row's baseline. */
typedef struct {
    sd_cl_text label;         /* the row's name; y unused */
    float bar_x, bar_w;       /* the track, from the left margin */
    float bar_h, bar_rise;    /* its height, its top above the baseline */
    float value_size;         /* the figure at the right margin */
    float mark_rise, mark_drop; /* an average's marker: above and below the baseline */
    float mark_w[2];          /* industry's marker, all members' (dashed) */
    float pitch;              /* from one row to the next */
} sd_cl_bars;

/* The second page: the 25 answers in a table, by part. */
typedef struct {
    float col_no, col_item, col_answer, col_points, col_rate; /* columns, from the left margin */
    float number_w, points_w; /* the right edges of No. and of the points, after their column */
    float item_gap, answer_gap; /* room kept right of the item and of the answer */
    sd_cl_text heading;       /* the page's heading, on the page */
    sd_cl_text member;        /* number and name beside it at size, wrapped
                               * with leading min when longer (never cut):
                               * the table moves down by the extra lines */
    float head_y, head_rise, head_h; /* the columns' heads on a navy band */
    float head_size, head_min;
    float head_after;
    float part_first, part_gap; /* to a part's title: the first, the others */
    float part_size, part_after;
    float row_pitch, row_rise;  /* a row, its stripe's top above the baseline */
    float row_size, row_min;
    sd_rgb stripe;
    float rate_bar_right, rate_bar_rise, rate_bar_h; /* room right of the bar for its figure */
    float rate_size;
    sd_cl_text suppressed;    /* x, y unused */
    float legend_gap;
    sd_cl_text legend;        /* the choices and their points; y unused */
} sd_company_layout2;

typedef struct {
    /* the head of the page, on the page */
    sd_cl_text org;           /* organisation and department */
    sd_cl_text period;        /* at the right margin */
    sd_cl_text title;
    float title_rule_y, title_rule_w;
    sd_cl_text name;          /* the member on one line, shrinking down to min */
    sd_cl_text name_wrap;     /* else on two lines, from size down to min, then
                               * on as many lines as it takes at min (never
                               * cut); x, y, w as name's */
    float name_leading;       /* a wrapped name's line pitch, times its size */
    sd_cl_text details;       /* its number and groups, below the name's last line */

    /* the score box, on the page, and the band's words beside it */
    sd_cl_box score;
    float score_stroke;
    sd_cl_text total_label, total, band;
    sd_cl_text total_max;     /* x: the gap after the total's figure */
    sd_cl_text meaning, next, target; /* x and first y on the page */
    float words_gap;          /* after the meaning and the next step */

    /* the sections below: y from the cursor */
    float flow_gap;           /* below the band's words */
    float parts_top;          /* the parts' heading, on the page, unless pushed down */
    float parts_push;         /* the heading below the band's words when they run long */
    float heading_gap;        /* a section heading to its first row */
    float section_gap;        /* between sections */
    sd_cl_bars bars;
    sd_cl_text legend;        /* the markers' names: x the first marker, y unused */
    float legend_rise, legend_drop; /* a marker's top and the text's baseline above the cursor */
    float legend_pad;         /* marker to its text */
    float legend_space, legend_gap; /* before and after a text, to the next marker */
    float legend_after;       /* below the legend when shown */
    sd_cl_text negative;      /* a part below zero, y below the cursor */
    float negative_pitch;
    sd_cl_text rank;          /* percentile ranks, y above the cursor (in the last row) */
    float rank_pitch;
    float change_gap;         /* the change's heading to its line */
    sd_cl_text change;
    float seminar_gap;        /* after the change, on the same line */
    float seminar_min;

    /* the foot of the page: desk and QR codes, on the page */
    float contact_top, contact_qr, contact_gap;
    sd_cl_text qr_label;      /* y below the code's top + its size */
    float contact_rule_rise, contact_rule_w;
    sd_cl_text contact, contact_line2; /* y below contact_top */
    float contact_clear;      /* what must end this far above contact_top */

    /* the SECURITY ACTION box above the foot */
    float sa_qr, sa_pad, sa_gap; /* the code, the box's inner margin, text to code */
    sd_cl_text sa_title;      /* y below the box's top */
    sd_cl_text sa_text;       /* y below the box's top; w leaves room for the code */
    float sa_base, sa_qr_pad; /* the box's height: base + lines, at least qr + qr_pad */
    float sa_clear;           /* what is above ends this far above the box */
    float sa_qr_inset, sa_qr_top, sa_qr_frame;

    /* what to do next: between the change and the box */
    float steps_gap;          /* below the change's line */
    float steps_heading_gap;
    sd_cl_text weak_none;
    float weak_none_pitch;
    sd_cl_text item;          /* an item's title */
    sd_cl_text advice;        /* y below the title */
    float item_pad;           /* below the advice */
    float title_pitch;        /* an item with its title only */

    sd_cl_text file_page;     /* "通し n / m" at the right margin, on the page */
    sd_company_layout2 p2;    /* the second page */
} sd_company_layout;

/* The layout every company report uses. */
extern const sd_company_layout sd_company_layout_a4;

#endif
