package dev.capstan.api;

/**
 * Turns jobs and their arguments into text for storage and back. The default,
 * {@link JacksonJobCodec}, writes JSON.
 */
public interface JobCodec {

    String encode(Job job);

    /** Decodes a stored job; throws {@link JobDecodeException} saying what is wrong with it. */
    Job decode(String stored);

    /** Encodes handler arguments (a record or any Jackson-encodable value) as JSON. */
    String encodeArgs(Object args);

    /** Decodes JSON arguments into {@code type}; throws {@link JobDecodeException} when they do not fit. */
    <A> A decodeArgs(String json, Class<A> type);

    /**
     * Gets ready to decode arguments of {@code type} (a worker calls it at start for each handler), so
     * that the first job of the type does not pay for building the decoder. Does nothing by default.
     */
    default void prepareArgs(Class<?> type) {
    }
}
