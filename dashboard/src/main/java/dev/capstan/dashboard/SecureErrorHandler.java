package dev.capstan.dashboard;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages for requests that never reach the dashboard (a malformed request line, headers
 * too large: 400, 431) with the same security headers as every other response, and without stack
 * traces or exception messages.
 */
final class SecureErrorHandler extends ErrorHandler {
    SecureErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
        setCacheControl(SecurityHeaders.HEADERS.get("Cache-Control")); // Jetty sets its own otherwise
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        SecurityHeaders.HEADERS.forEach((name, value) -> response.getHeaders().put(new HttpField(name, value)));
        return super.handle(request, response, callback);
    }
}
