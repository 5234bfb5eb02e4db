# SPDX-License-Identifier: GPL-2.0
#
# The cost curves of the benchmark (bench/report.py runs it):
#   gnuplot -c bench/curves.gp OUT.png SIZE.dat RING.dat
# SIZE.dat: frame length, DROP pps, TX pps; RING.dat: ring slots, DROP pps
# (medians; a header row each). Log scales.

set terminal pngcairo size 1400, 480 font ",10" noenhanced
set output ARG1
set multiplot layout 1, 2 title "vxdp built-in source, native XDP: packets/s (medians)"
set logscale y
set format y "%.0s%c"
set ylabel "packets/s"
set grid
set key top right
set title "against frame size (bytes, without FCS)"
set xlabel "frame length"
plot ARG2 using 1:2 with linespoints title "DROP", \
     ARG2 using 1:3 with linespoints title "TX"
set title "against rx ring size (DROP, 60 B)"
set xlabel "ring slots"
set logscale x 2
plot ARG3 using 1:2 with linespoints title "DROP"
unset multiplot
