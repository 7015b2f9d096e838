package dev.capstan.dashboard;

import dev.capstan.api.LogText;
import dev.capstan.api.QueueNames;
import dev.capstan.api.UnicodeText;
import io.javalin.http.Context;

/**
 * The names in request paths, checked on every route before anything is read or written: queue
 * names and job types by Capstan's own rules ({@link QueueNames}), job and worker ids as short
 * printable text. A name no read accepts must not be writable either (a pause flag for a queue that
 * cannot exist). A bad name is an {@link IllegalArgumentException}: a 400 with the reason.
 */
final class PathNames {
    /** Longer ids are not Capstan's (job ids and worker ids are far shorter). */
    static final int MAX_ID_LENGTH = 200;

    private PathNames() {}

    static String queue(Context ctx, String param) {
        return QueueNames.requireValidQueue(ctx.pathParam(param));
    }

    static String type(Context ctx, String param) {
        return QueueNames.requireValidType(ctx.pathParam(param));
    }

    /** A job or worker id: 1 to 200 characters, none of them a control character or a lone surrogate. */
    static String id(Context ctx, String param, String what) {
        String id = ctx.pathParam(param);
        boolean ok = !id.isBlank() && id.length() <= MAX_ID_LENGTH && UnicodeText.loneSurrogateAt(id) < 0;
        for (int i = 0; ok && i < id.length(); i++) {
            ok = !LogText.needsEscape(id.charAt(i));
        }
        if (!ok) {
            throw new IllegalArgumentException("invalid " + what + " '" + LogText.escape(id) + "': use 1 to "
                    + MAX_ID_LENGTH + " printable characters");
        }
        return id;
    }
}
