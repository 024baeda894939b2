package io.polyface.engine.local.index.hnsw;

/** The settings a graph is started, built and dropped by; the index's settings provide them. */
public interface GraphSettings {

    /** True when indexes get graphs at all. */
    boolean graphs();

    /** Faces an index needs before its graph starts; below half of it the graph is dropped. */
    int hnswThreshold();

    /** The most neighbours per node. */
    int hnswM();

    /** The build's candidate list. */
    int hnswBeamWidth();

    /** The share of the embeddings' variance the graph's space keeps (see {@link GraphSpace}). */
    double hnswVarianceKept();

    /** Shards a graph is split into (see {@link GraphShards}). */
    int hnswShards();
}
