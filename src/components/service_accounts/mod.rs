//! The service accounts views: the list, an account's page, their forms and dialogs.

mod account_form;
mod account_info;
mod accounts_table;
mod filters;
mod header;
mod paging;
mod permissions;
mod token_created_dialog;
mod token_form;
mod tokens_table;

pub use account_form::{AccountDraft, AddAccountDialog};
pub use account_info::{AccountInformation, NameEditFocus};
pub use accounts_table::{AccountRow, AccountsTable};
pub use filters::{AccountFilters, UnusedFilterSelect};
pub use header::AccountsHeader;
pub use paging::Pager;
pub use permissions::{AddPermissionForm, PermissionDraft, PermissionLists};
pub use token_created_dialog::TokenCreatedDialog;
pub use token_form::{AddTokenDialog, TokenDraft};
pub use tokens_table::TokensTable;
