#!/usr/bin/perl
# linebreak-table.pl - writes src/core/linebreak_table.h: the Unicode
# Line_Break class of every code point as ranges, from Perl's own Unicode
# database (Unicode::UCD), with the classes UAX #14 added after Unicode
# 6.0 folded into the ones shindan's line breaker knows (see linebreak.c).
#   perl tools/linebreak-table.pl > src/core/linebreak_table.h
use strict;
use warnings;
use Unicode::UCD qw(prop_invmap);

my %fold = (
    CJ => 'ID', HL => 'AL', RI => 'AL', EB => 'ID', EM => 'CM', ZWJ => 'CM',
    AI => 'ID',              # ambiguous width: wide in Japanese text
    SA => 'AL', SG => 'AL', XX => 'AL', Unknown => 'AL',
    NL => 'BK', CB => 'CB', SP => 'SP', LF => 'LF', CR => 'CR', BK => 'BK',
);
my %short = (
    Open_Punctuation => 'OP', Close_Punctuation => 'CL', Close_Parenthesis => 'CP',
    Quotation => 'QU', Glue => 'GL', Nonstarter => 'NS', Exclamation => 'EX',
    Break_Symbols => 'SY', Infix_Numeric => 'IS', Prefix_Numeric => 'PR',
    Postfix_Numeric => 'PO', Numeric => 'NU', Alphabetic => 'AL', Ideographic => 'ID',
    Inseparable => 'IN', Hyphen => 'HY', Break_After => 'BA', Break_Before => 'BB',
    Break_Both => 'B2', ZWSpace => 'ZW', Combining_Mark => 'CM', Word_Joiner => 'WJ',
    H2 => 'H2', H3 => 'H3', JL => 'JL', JV => 'JV', JT => 'JT',
    Conditional_Japanese_Starter => 'CJ', Hebrew_Letter => 'HL', Regional_Indicator => 'RI',
    E_Base => 'EB', E_Modifier => 'EM', ZWJ => 'ZWJ', Ambiguous => 'AI',
    Complex_Context => 'SA', Surrogate => 'SG', Unknown => 'XX', Next_Line => 'NL',
    Contingent_Break => 'CB', Space => 'SP', Line_Feed => 'LF', Carriage_Return => 'CR',
    Mandatory_Break => 'BK',
);
# Japanese usage: the ideographic space is a character cell like a kanji
# (a line may end before and after it), not a space to break after.
my %override = (0x3000 => 'ID');
my ($list, $map) = prop_invmap('Line_Break');
# split the ranges at every overridden code point
for my $cp (sort { $a <=> $b } keys %override) {
    my $i = 0;
    $i++ while $i < $#$list && $list->[$i + 1] <= $cp;
    my $c = $map->[$i];
    splice @$list, $i + 1, 0, $cp, $cp + 1;
    splice @$map, $i + 1, 0, $override{$cp}, $c;
}
my @ranges;
for my $i (0 .. $#$list) {
    my $lo = $list->[$i];
    my $hi = $i < $#$list ? $list->[$i + 1] - 1 : 0x10FFFF;
    my $c = $short{$map->[$i]} // $map->[$i];
    $c = $fold{$c} // $c;
    next if $c eq 'AL';    # the default
    # Hangul syllables: H2 or H3 by arithmetic (linebreak.c)
    next if ($c eq 'H2' || $c eq 'H3') && $lo >= 0xAC00 && $hi <= 0xD7A3;
    if (@ranges && $ranges[-1][2] eq $c && $ranges[-1][1] + 1 == $lo) {
        $ranges[-1][1] = $hi;
    } else {
        push @ranges, [$lo, $hi, $c];
    }
}
print "/* linebreak_table.h - Line_Break classes (Unicode ", Unicode::UCD::UnicodeVersion(),
    "), written by tools/linebreak-table.pl; every code point not listed is AL, Hangul syllables are computed */\n";
print "static const sd_lb_range sd_lb_ranges[] = {\n";
printf "    {0x%04X, 0x%04X, SD_LB_%s},\n", @$_ for grep { $_->[1] >= $_->[0] } @ranges;
print "};\n";
