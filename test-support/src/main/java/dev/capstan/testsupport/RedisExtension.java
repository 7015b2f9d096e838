package dev.capstan.testsupport;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that hands a test method a {@link RedisTestContext} on a real Redis server
 * and deletes the test's keys afterwards. Use with {@code @ExtendWith(RedisExtension.class)}.
 */
public final class RedisExtension implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(RedisExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RedisTestContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(STORE).getOrComputeIfAbsent("ctx",
                key -> new RedisTestContext(SharedRedis.endpoint()), RedisTestContext.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RedisTestContext ctx = context.getStore(STORE).remove("ctx", RedisTestContext.class);
        if (ctx != null) {
            ctx.close();
        }
    }
}
