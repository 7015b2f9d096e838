package dev.capstan.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the job type of a handler class or of an arguments class: the stable name stored in each
 * job. On an arguments record it lets producers enqueue with the record alone
 * ({@code client.enqueue(new WelcomeEmail(42, "ada@example.com"))}), and a handler taking that
 * record gets the same name, so renaming the handler class cannot leave producers behind.
 *
 * <p>Without the annotation a handler's type is derived from its class name (see {@link JobTypes}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface JobType {

    /** The job type name, e.g. "send-welcome-email" (1 to 200 characters). */
    String value();
}
