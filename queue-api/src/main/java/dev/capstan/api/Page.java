package dev.capstan.api;

import java.util.List;

/** One page of a listing, and the total number of items there are. */
public record Page<T>(List<T> items, long offset, long total) {}
