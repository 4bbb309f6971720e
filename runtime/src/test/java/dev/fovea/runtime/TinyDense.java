package dev.fovea.runtime;

/** Stand-in for a user's @Network class; its "generated" class is {@link TinyDenseNet}. */
public class TinyDense {}
