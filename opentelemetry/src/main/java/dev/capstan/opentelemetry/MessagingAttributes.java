package dev.capstan.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attributes Capstan's spans carry: OpenTelemetry's messaging semantic conventions (written out
 * here rather than taken from the incubating semconv artifact, which is not stable), plus Capstan's own.
 */
final class MessagingAttributes {
    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> JOB_TYPE = AttributeKey.stringKey("capstan.job.type");
    static final AttributeKey<Long> JOB_ATTEMPT = AttributeKey.longKey("capstan.job.attempt");
    static final AttributeKey<String> JOB_OUTCOME = AttributeKey.stringKey("capstan.job.outcome");
    static final AttributeKey<String> ENQUEUE_OUTCOME = AttributeKey.stringKey("capstan.enqueue.outcome");

    static final String SYSTEM_NAME = "capstan";

    private MessagingAttributes() {}
}
