use pkjwt_core::flow::AnswerError;

pub fn answer_error_nl(error: &AnswerError) -> String {
    match error {
        AnswerError::TooLong { length, limit } => format!("Het antwoord is {length} bytes lang; pkjwt leest er hoogstens {limit}."),
        AnswerError::NotJson => "Het antwoord is geen JSON.".into(),
        AnswerError::MemberMissing { member } => format!("Het antwoord heeft geen tekstveld \"{member}\"."),
        AnswerError::Reply(error) => super::authorize::reply_error_nl(error),
    }
}
