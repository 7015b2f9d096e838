package dev.capstan.api;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * Derives job type names and argument classes from classes, the rules behind
 * {@link JobHandler#type()}, {@link JobHandler#argsType()} and the typed enqueues.
 *
 * <p>A handler class's type name is, in this order: its {@link JobType} annotation; else the
 * {@code @JobType} of its argument class; else its simple class name in kebab case without a
 * trailing "Handler" ({@code SendWelcomeEmail} and {@code SendWelcomeEmailHandler} both give
 * {@code send-welcome-email}). Its argument class is the type argument it gives {@link JobHandler}.
 * Results are cached per class.
 */
public final class JobTypes {
    private static final ClassValue<String> HANDLER_TYPES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> handler) {
            return deriveHandlerType(handler);
        }
    };
    private static final ClassValue<Class<?>> ARGS_TYPES = new ClassValue<>() {
        @Override
        protected Class<?> computeValue(Class<?> handler) {
            return deriveArgsType(handler);
        }
    };

    private JobTypes() {}

    /** The job type name of handler class {@code handler} (see the class comment for the rules). */
    public static String typeOf(Class<?> handler) {
        return HANDLER_TYPES.get(handler);
    }

    /** The argument class {@code handler} declares as the type argument of {@link JobHandler}. */
    public static Class<?> argsTypeOf(Class<?> handler) {
        return ARGS_TYPES.get(handler);
    }

    /** The job type an arguments class names with {@link JobType}. */
    public static String typeOfArgs(Class<?> argsClass) {
        JobType named = argsClass.getAnnotation(JobType.class);
        if (named == null) {
            throw new IllegalArgumentException(argsClass.getName() + " does not name its job type: annotate it with "
                    + "@JobType(\"...\"), or enqueue with the handler class or a type name");
        }
        return QueueNames.requireValidType(named.value());
    }

    private static String deriveHandlerType(Class<?> handler) {
        JobType own = handler.getAnnotation(JobType.class);
        Class<?> args = JobHandler.class.isAssignableFrom(handler) ? deriveArgsTypeOrNull(handler) : null;
        JobType ofArgs = args == null ? null : args.getAnnotation(JobType.class);
        if (own != null && ofArgs != null && !own.value().equals(ofArgs.value())) {
            throw new IllegalArgumentException(handler.getName() + " is @JobType(\"" + own.value() + "\") but its argument class "
                    + args.getName() + " is @JobType(\"" + ofArgs.value() + "\"): name one type");
        }
        if (own != null) {
            return QueueNames.requireValidType(own.value());
        }
        if (ofArgs != null) {
            return QueueNames.requireValidType(ofArgs.value());
        }
        String simple = handler.getSimpleName();
        if (simple.isEmpty() || handler.isSynthetic() || simple.contains("$$Lambda") || handler.isHidden()) {
            throw new IllegalArgumentException("cannot derive a job type name from " + handler.getName()
                    + " (an anonymous class or lambda): use JobHandler.of(type, argsType, body) or @JobType");
        }
        if (simple.endsWith("Handler") && simple.length() > "Handler".length()) {
            simple = simple.substring(0, simple.length() - "Handler".length());
        }
        return QueueNames.requireValidType(kebab(simple));
    }

    /** "SendWelcomeEmail" -> "send-welcome-email", "PDFExport" -> "pdf-export", "Resize2x" -> "resize2x". */
    static String kebab(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 8);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean afterLowerOrDigit = i > 0 && !Character.isUpperCase(camel.charAt(i - 1));
                boolean endOfAcronym = i > 0 && i + 1 < camel.length() && Character.isUpperCase(camel.charAt(i - 1))
                        && Character.isLowerCase(camel.charAt(i + 1));
                if (afterLowerOrDigit || endOfAcronym) {
                    out.append('-');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Class<?> deriveArgsType(Class<?> handler) {
        Class<?> found = deriveArgsTypeOrNull(handler);
        if (found == null) {
            throw new IllegalArgumentException("cannot derive the argument class of " + handler.getName()
                    + ": implement JobHandler<YourArgs> with a concrete class, override argsType(), or use JobHandler.of(...)");
        }
        return found;
    }

    /** Walks the class hierarchy, resolving type variables, until it finds JobHandler's type argument. */
    private static Class<?> deriveArgsTypeOrNull(Class<?> start) {
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        Class<?> current = start;
        while (current != null && current != Object.class) {
            Class<?> found = fromInterfaces(current, bindings);
            if (found != null) {
                return found;
            }
            Type superType = current.getGenericSuperclass();
            bind(superType, bindings);
            current = current.getSuperclass();
        }
        return null;
    }

    private static Class<?> fromInterfaces(Class<?> type, Map<TypeVariable<?>, Type> bindings) {
        for (Type candidate : type.getGenericInterfaces()) {
            Class<?> raw = raw(candidate, bindings);
            if (raw == JobHandler.class) {
                return candidate instanceof ParameterizedType p ? raw(p.getActualTypeArguments()[0], bindings) : null;
            }
            if (raw != null && JobHandler.class.isAssignableFrom(raw)) {
                bind(candidate, bindings);
                Class<?> found = fromInterfaces(raw, bindings);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static void bind(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            TypeVariable<?>[] vars = raw.getTypeParameters();
            Type[] actual = p.getActualTypeArguments();
            for (int i = 0; i < vars.length; i++) {
                bindings.put(vars[i], actual[i]);
            }
        }
    }

    private static Class<?> raw(Type type, Map<TypeVariable<?>, Type> bindings) {
        Type t = type;
        for (int guard = 0; t instanceof TypeVariable<?> v && guard < 32; guard++) {
            t = bindings.get(v);
        }
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }
}
