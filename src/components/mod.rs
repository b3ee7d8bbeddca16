mod action_bar;
mod alert;
mod confirm_dialog;
mod create_key_form;
mod empty_state;
mod error_alert;
pub mod icons;
mod key_created_dialog;
mod keys_table;
mod migration;
mod modal;
mod notifications;
mod page_header;
mod sign_in_form;

pub use action_bar::ActionBar;
pub use alert::{Alert, AlertKind};
pub use confirm_dialog::ConfirmDialog;
pub use create_key_form::CreateKeyForm;
pub use empty_state::EmptyState;
pub use error_alert::ErrorAlert;
pub use key_created_dialog::KeyCreatedDialog;
pub use keys_table::KeysTable;
pub use migration::{
    CreateRemovedNotice, KeysRemovedNotice, MigratedCard, MigrationBanner, MigrationSummaryDialog,
    migrate_all_question,
};
pub use modal::Modal;
pub use notifications::{NotificationArea, Notifications};
pub use page_header::PageHeader;
pub use sign_in_form::SignInForm;
