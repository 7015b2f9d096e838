package dev.capstan.examples.jobs;

import dev.capstan.api.JobContext;
import dev.capstan.api.JobHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Resizes an image into several sizes, reporting progress after each (shown live on the dashboard). */
public final class ResizeImage implements JobHandler<ResizeImage.Args> {
    public static final String TYPE = "resize-image";

    public record Args(String imageId, int sizes) {}

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<Args> argsType() {
        return Args.class;
    }

    @Override
    public void handle(Args args, JobContext context) {
        for (int i = 1; i <= args.sizes() && !context.isCancelled(); i++) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(400)); // the "work" of one size
            context.progress(100 * i / args.sizes(), "resized " + i + " of " + args.sizes());
        }
    }
}
