package dev.fovea.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;

/**
 * A layer's inference forward cut into parts for intra-op threads: {@code before} runs on the caller, then the
 * pool runs {@code part} over disjoint spans {@code [from, to)} of {@code total} values counted in whole units of
 * {@code unit} (a few parts per thread, taken in turn), then {@code after} runs on the caller. Together they give every output the
 * bits of the layer's unsplit forward, whatever the number of parts.
 *
 * @param part a method taking {@code (int from, int to)}
 */
record IntraOpSplit(CodeBlock before, MethodSpec part, int units, int unit, int total, CodeBlock after) {}
