package dev.capstan.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JobTypesTest {

    record ResizeArgs(String path, int width) {}

    @JobType("welcome-email")
    record WelcomeEmail(long userId) implements JobArgs {}

    static final class SendWelcomeEmail implements JobHandler<ResizeArgs> {
        @Override
        public void handle(ResizeArgs args, JobContext context) {}
    }

    static final class ResizeImageHandler implements JobHandler<ResizeArgs> {
        @Override
        public void handle(ResizeArgs args, JobContext context) {}
    }

    @JobType("pdf.export")
    static final class PDFExport implements JobHandler<ResizeArgs> {
        @Override
        public void handle(ResizeArgs args, JobContext context) {}
    }

    /** Takes its name from its argument record. */
    static final class Greeter implements JobHandler<WelcomeEmail> {
        @Override
        public void handle(WelcomeEmail args, JobContext context) {}
    }

    @JobType("other-name")
    static final class Contradicting implements JobHandler<WelcomeEmail> {
        @Override
        public void handle(WelcomeEmail args, JobContext context) {}
    }

    /** A generic base class: the argument class is found through the type variable. */
    abstract static class LoggingHandler<T> implements JobHandler<T> {}

    static final class Audited extends LoggingHandler<ResizeArgs> {
        @Override
        public void handle(ResizeArgs args, JobContext context) {}
    }

    interface ImageJob<T> extends JobHandler<T> {}

    static final class Thumbnail implements ImageJob<ResizeArgs> {
        @Override
        public void handle(ResizeArgs args, JobContext context) {}
    }

    @Test
    void derivesTypeNamesFromAnnotationsOrClassNames() {
        assertEquals("send-welcome-email", new SendWelcomeEmail().type());
        assertEquals("resize-image", new ResizeImageHandler().type());
        assertEquals("pdf.export", new PDFExport().type());
        assertEquals("welcome-email", new Greeter().type());
        assertEquals("audited", new Audited().type());
    }

    @Test
    void derivesTheArgumentClassFromTheGenericParameter() {
        assertEquals(ResizeArgs.class, new SendWelcomeEmail().argsType());
        assertEquals(WelcomeEmail.class, new Greeter().argsType());
        assertEquals(ResizeArgs.class, new Audited().argsType());
        assertEquals(ResizeArgs.class, new Thumbnail().argsType());
    }

    @Test
    void kebabCaseHandlesAcronymsAndDigits() {
        assertEquals("pdf-export", JobTypes.kebab("PDFExport"));
        assertEquals("resize2x", JobTypes.kebab("Resize2x"));
        assertEquals("send-welcome-email", JobTypes.kebab("SendWelcomeEmail"));
        assertEquals("a", JobTypes.kebab("A"));
    }

    @Test
    void lambdaHandlersNameTheirTypeAndArguments() throws Exception {
        StringBuilder ran = new StringBuilder();
        JobHandler<ResizeArgs> resize = JobHandler.of("resize", ResizeArgs.class, (args, ctx) -> ran.append(args.path()));
        assertEquals("resize", resize.type());
        assertEquals(ResizeArgs.class, resize.argsType());
        resize.handle(new ResizeArgs("a.png", 10), null);
        assertEquals("a.png", ran.toString());

        JobHandler<WelcomeEmail> welcome = JobHandler.of(WelcomeEmail.class, (args, ctx) -> { });
        assertEquals("welcome-email", welcome.type());
    }

    @Test
    void typedRequestsUseTheSameNameAsTheHandler() {
        assertEquals("send-welcome-email", JobRequest.of(SendWelcomeEmail.class, new ResizeArgs("a", 1)).type());
        assertEquals("welcome-email", JobRequest.of(Greeter.class, new WelcomeEmail(1)).type());
        assertEquals("welcome-email", JobRequest.of(new WelcomeEmail(7)).type());
    }

    @Test
    void unclearNamesAreRefusedWithAClearMessage() {
        IllegalArgumentException contradiction = assertThrows(IllegalArgumentException.class, () -> new Contradicting().type());
        assertTrue(contradiction.getMessage().contains("name one type"), contradiction.getMessage());

        IllegalArgumentException unnamedArgs = assertThrows(IllegalArgumentException.class,
                () -> JobHandler.of(ResizeArgs.class, (a, c) -> { }));
        assertTrue(unnamedArgs.getMessage().contains("@JobType"), unnamedArgs.getMessage());

        JobHandler<ResizeArgs> anonymous = new JobHandler<>() {
            @Override
            public void handle(ResizeArgs args, JobContext context) {}
        };
        IllegalArgumentException noName = assertThrows(IllegalArgumentException.class, anonymous::type);
        assertTrue(noName.getMessage().contains("JobHandler.of"), noName.getMessage());
        assertEquals(ResizeArgs.class, anonymous.argsType());

        assertThrows(IllegalArgumentException.class, () -> JobHandler.of(" ", ResizeArgs.class, (a, c) -> { }));
    }
}
