mod error_alert;
mod keys_table;
mod sign_in_form;

pub use error_alert::ErrorAlert;
pub use keys_table::KeysTable;
pub use sign_in_form::SignInForm;
