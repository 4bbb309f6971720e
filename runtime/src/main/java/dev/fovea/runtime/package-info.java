/**
 * Trains, evaluates and saves the network classes that fovea-processor generates: binding,
 * initialisation, loss, optimisers, IDX data sets, deterministic multi-threaded training and
 * safetensors weights files. Depends on nothing but the JDK.
 */
package dev.fovea.runtime;
