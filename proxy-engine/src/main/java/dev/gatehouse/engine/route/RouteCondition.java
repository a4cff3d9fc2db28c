package dev.gatehouse.engine.route;

/** One condition of a route's match; a route matches when all of its conditions hold. */
interface RouteCondition {

    boolean test(RouteRequest request);

    /**
     * Why {@link #test} failed, for traces. Never quotes header or query values: they can carry
     * credentials, and traces leave the process.
     */
    String mismatch(RouteRequest request);
}
