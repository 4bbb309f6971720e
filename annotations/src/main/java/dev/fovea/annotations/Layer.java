package dev.fovea.annotations;

/**
 * The conventional type of a layer field. The processor reads only the annotation; a field of this
 * type documents that it names a layer and keeps the class free of any other dependency.
 */
public interface Layer {}
