package dev.capstan.dashboard;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The dashboard's Javalin servlet mounted at a path of another application's server: refuses
 * unauthenticated requests when the host's security is in charge, redirects the bare mount path to
 * its trailing-slash form (so the page's relative links resolve under it), and hands everything else
 * to Javalin.
 */
final class MountedServlet extends HttpServlet {
    private final String mountPath;
    private final Servlet javalin;
    private final boolean authenticatedUpstream;
    private final String requiredRole;

    MountedServlet(String mountPath, Servlet javalin, boolean authenticatedUpstream, String requiredRole) {
        this.mountPath = mountPath;
        this.javalin = javalin;
        this.authenticatedUpstream = authenticatedUpstream;
        this.requiredRole = requiredRole;
    }

    static String normalize(String mountPath) {
        String p = mountPath == null ? "" : mountPath.trim();
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals("/")) {
            throw new IllegalArgumentException("mount the dashboard under a path of its own, e.g. /capstan");
        }
        return p;
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        javalin.init(config);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (authenticatedUpstream && request.getUserPrincipal() == null) {
            // Fail closed: the host application's security was to authenticate this request and did not.
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "the application did not authenticate this request");
            return;
        }
        if (authenticatedUpstream && requiredRole != null && !request.isUserInRole(requiredRole)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "the dashboard needs role " + requiredRole);
            return;
        }
        if (request.getRequestURI().equals(mountPath)) {
            String query = request.getQueryString();
            response.sendRedirect(mountPath + "/" + (query == null ? "" : "?" + query));
            return;
        }
        javalin.service(new UnderMountPath(request, mountPath), response);
    }

    /** The request as the dashboard sees it when it serves its own port: paths without the mount path. */
    private static final class UnderMountPath extends HttpServletRequestWrapper {
        private final String uri;

        UnderMountPath(HttpServletRequest request, String mountPath) {
            super(request);
            this.uri = request.getRequestURI().substring(mountPath.length());
        }

        @Override
        public String getRequestURI() {
            return uri;
        }

        @Override
        public String getContextPath() {
            return "";
        }

        @Override
        public String getServletPath() {
            return "";
        }

        @Override
        public String getPathInfo() {
            return uri;
        }
    }

    @Override
    public void destroy() {
        javalin.destroy();
        super.destroy();
    }
}
