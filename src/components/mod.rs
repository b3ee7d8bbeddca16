//! Views: they take data, signals and callbacks and raise events; none of them calls Grafana.

mod action_bar;
mod alert;
mod bulk_delete;
mod confirm_dialog;
mod create_key_form;
mod empty_state;
mod error_alert;
mod export;
pub(crate) mod field;
pub mod icons;
mod instant;
mod key_created_dialog;
mod keys_table;
mod list_limit;
mod migration;
mod modal;
mod notifications;
mod org_picker;
mod orgs_overview;
mod page_header;
mod secret_dialog;
pub mod service_accounts;
mod sign_in_form;
mod state_badge;
mod tabs;
mod unused_filter;

pub use action_bar::ActionBar;
pub use alert::{Alert, AlertKind};
pub use bulk_delete::{BulkDeleteDialog, bulk_delete_question};
pub use confirm_dialog::ConfirmDialog;
pub use create_key_form::{CreateKeyForm, KeyDraft};
pub use empty_state::EmptyState;
pub use error_alert::ErrorAlert;
pub use export::{ExportButton, ExportDialog};
pub use field::{Field, role_options};
pub use key_created_dialog::KeyCreatedDialog;
pub use keys_table::KeysTable;
pub use list_limit::ListLimitNotice;
pub use migration::{
    CreateRemovedNotice, KeyDestination, KeysHiddenCard, KeysMovedCard, MigratedKeysNotice,
    MigrationBanner, MigrationSummaryDialog, destination_items, migrate_all_question,
};
pub use modal::{FormFooter, Modal};
pub use notifications::{NotificationArea, Notifications};
pub use org_picker::{NotAMember, OrgPicker, OrgRefusal};
pub use orgs_overview::{OrgsOverviewTable, OverviewRow, Rotations};
pub use page_header::PageHeader;
pub use secret_dialog::{SecretDialog, SecretTexts};
pub use sign_in_form::{SignInForm, SignInOffer, SignInPrompt};
pub use tabs::{SessionMenu, SignOut, Tabs, app_path, org_app_path};
pub use unused_filter::{UnusedCleanup, UnusedFilterSelect};
