//! What the core's unit tests share.

/// The value, or the test fails naming the error (no `panic!` in the core, tests included).
pub(crate) trait OrFail<T> {
    fn or_fail(self) -> T;
}

impl<T, E: std::fmt::Debug> OrFail<T> for Result<T, E> {
    fn or_fail(self) -> T {
        assert!(self.is_ok(), "{:?}", self.as_ref().err());
        self.unwrap_or_else(|_| unreachable!())
    }
}
