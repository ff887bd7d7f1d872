package dev.sparkburst.core.config;

/** Where worker tasks run: regular Fargate, or Fargate Spot (cheaper, may be interrupted). */
public enum Capacity {
    FARGATE,
    FARGATE_SPOT
}
