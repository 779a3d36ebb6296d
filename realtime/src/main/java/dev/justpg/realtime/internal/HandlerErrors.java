package dev.justpg.realtime.internal;

/**
 * What a subscriber's throwable means for its subscription.
 *
 * <ul>
 *   <li>{@link Exception}, {@link LinkageError}, {@link AssertionError}, {@link StackOverflowError}
 *       and any other {@link Error}: the handler failed on this message. The stack has unwound by
 *       the time justpg sees it, so the failure is reported ({@code onHandlerFailure}, the log, the
 *       stats) and the next message is delivered.</li>
 *   <li>Any other {@link VirtualMachineError} ({@link OutOfMemoryError}, {@link InternalError},
 *       {@link UnknownError}): the JVM itself is failing, and feeding the handler more messages
 *       would make it worse. The subscription ends: {@code isOpen()} turns {@code false},
 *       {@code failure()} holds the error, the channel is unlistened if it was the last one, and
 *       {@code onSubscriptionEnded} is called. The thread that ran the handler carries on.</li>
 * </ul>
 */
final class HandlerErrors {

    private HandlerErrors() {
    }

    /**
     * Whether a handler's throwable ends its subscription.
     *
     * @param e what the handler threw
     * @return {@code true} for a virtual machine error other than a stack overflow
     */
    static boolean endsSubscription(Throwable e) {
        return e instanceof VirtualMachineError && !(e instanceof StackOverflowError);
    }
}
