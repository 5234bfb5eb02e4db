# SPDX-License-Identifier: GPL-2.0
#
# Bar chart of the benchmark (bench/report.py runs it):
#   gnuplot -c bench/plot.gp OUT.png LEN1 DAT1 COLORS1 [LEN2 DAT2 COLORS2]
# DATn: a header row, then one row per XDP action: its label, then per series
# three columns (median, min, max; NaN where not measured). COLORSn: one
# colour per series, space-separated. One panel per frame length; bars are
# medians, error bars min..max over the rounds; log scale.

out = ARG1
n = (ARGC - 1) / 3

set terminal pngcairo size 1800, 520 * n font ",10" noenhanced
set output out
set multiplot layout n, 1 title "vxdp benchmark: packets/s (median, min-max error bars; log scale)"
set style data histograms
set style histogram errorbars gap 2 lw 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y
set format y "%.0s%c"
set ylabel "packets/s"
set grid ytics mytics
set key outside right top vertical Left reverse samplen 1.5
set xtics nomirror
set yrange [1000:*]

do for [i = 1:n] {
	len = ARGV[3 * i - 1]
	dat = ARGV[3 * i]
	colors = ARGV[3 * i + 1]
	set title sprintf("%s-byte frames (without FCS)", len)
	plot for [j = 1:words(colors)] dat \
		using (column(3*j-1)):(column(3*j)):(column(3*j+1)):xtic(1) \
		title columnheader(3*j-1) lc rgb word(colors, j)
}
unset multiplot
