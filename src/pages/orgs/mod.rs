//! The orgs: the scope every page works in (the chosen org, its client, the picker), and the
//! overview of all of them.

mod overview;
mod scope;

pub use overview::OrgsOverviewRoute;
pub use scope::{InOrg, OrgScope};
