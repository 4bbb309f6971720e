package dev.fovea.processor.write;

/**
 * One part's span of a broadcast product, for a layer split over intra-op threads: rows {@code [from, to)} (the
 * filters of a convolution) or columns {@code [from, to)} (its output cells), the bounds being names of int
 * variables of the generated part method. Row bounds are whole blocks ({@link BroadcastGemm#rowUnit()}) but at the
 * end, column bounds whole multiples of {@link VectorCode#ALIGN} lanes.
 */
record GemmSpan(boolean rows, String from, String to) {}
