package dev.fovea.runtime;

/** A training set and its held-out test set. */
public record TrainTest(Dataset train, Dataset test) {}
