//! The route table of the SciNote mock: which collections hang under
//! which resources, their JSON:API types, the writes each route allows,
//! required attributes and permitted `include=` values, per API version.

/// The API version of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    V1,
    V2,
}

/// The child collections each resource type gets (both versions).
pub(crate) fn children(kind: &str) -> &'static [&'static str] {
    match kind {
        "teams" => &[
            "projects",
            "project_folders",
            "inventories",
            "users",
            "protocol_templates",
            "user_groups",
        ],
        "projects" => &[
            "experiments",
            "users",
            "comments",
            "activities",
            "reports",
            "user_group_assignments",
            "team_assignments",
        ],
        "experiments" => &[
            "tasks",
            "user_assignments",
            "task_groups",
            "connections",
            "user_group_assignments",
            "team_assignments",
        ],
        "tasks" => &[
            "results",
            "protocols",
            "activities",
            "user_assignments",
            "items",
            "users",
            "tags",
            "task_assignments",
            "user_group_assignments",
            "team_assignments",
        ],
        "protocols" => &["steps"],
        "steps" => &[
            "attachments",
            "checklists",
            "tables",
            "step_texts",
            "form_responses",
        ],
        "checklists" => &["items"],
        "results" => &["texts", "tables", "attachments", "comments"],
        "inventories" => &["columns", "items"],
        "inventory_columns" => &[
            "list_items",
            "checklist_items",
            "status_items",
            "stock_unit_items",
        ],
        "inventory_items" => &["cells", "child_relationships", "parent_relationships"],
        "users" => &["identities"],
        "workflows" => &["statuses"],
        _ => &[],
    }
}

/// v2 names of collections v1 also has (same data): `steps/S/texts` is
/// v1's `step_texts`, `checklists/C/checklist_items` v1's `items`.
pub(crate) fn v2_alias(parent: &str, segment: &str) -> Option<&'static str> {
    match (parent, segment) {
        ("steps", "texts") => Some("step_texts"),
        ("checklists", "checklist_items") => Some("items"),
        _ => None,
    }
}

/// Collections only v2 serves.
fn v2_only(parent: &str, segment: &str) -> bool {
    matches!(
        (parent, segment),
        (
            _,
            "user_group_assignments" | "team_assignments" | "form_responses" | "user_groups"
        ) | (_, "child_relationships" | "parent_relationships")
            | ("results", "texts" | "tables" | "attachments")
    )
}

/// The JSON:API type of a collection's resources.
pub(crate) fn kind_of(parent: &str, segment: &str) -> String {
    match (parent, segment) {
        ("projects", "users") => "user_assignments",
        ("checklists", "items") => "checklist_items",
        (_, "items") => "inventory_items",
        (_, "columns") => "inventory_columns",
        (_, "cells") => "inventory_cells",
        ("columns", "list_items") => "inventory_list_items",
        ("columns", "checklist_items") => "inventory_checklist_items",
        ("columns", "status_items") => "inventory_status_items",
        ("columns", "stock_unit_items") => "inventory_stock_unit_items",
        ("results", "texts") => "result_texts",
        (_, "identities") => "user_identities",
        (_, "statuses") => "workflow_statuses",
        (_, "child_relationships" | "parent_relationships") => "inventory_item_relationships",
        (_, other) => other,
    }
    .to_owned()
}

/// A route operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    List,
    Show,
    Create,
    Update,
    Delete,
}

/// Whether the route exists (`config/routes.rb`, `config/routes/api_v2.rb`).
pub(crate) fn allowed(version: Version, parent: &str, segment: &str, op: Op) -> bool {
    use Op::{Create, Delete, List, Show, Update};
    if version == Version::V1 && v2_only(parent, segment) {
        return false;
    }
    let read_only = [List, Show];
    let all = [List, Show, Create, Update, Delete];
    let ops: &[Op] = match (parent, segment) {
        ("", "teams") => &read_only,
        ("", "users") => &[Show],
        ("", "user_roles") => &[List],
        ("", "workflows") => &read_only,
        ("workflows", "statuses") => &[List],
        ("teams", "projects" | "project_folders") => &[List, Show, Create, Update],
        ("teams", "users") => &[List],
        ("teams", "protocol_templates") => &read_only,
        ("teams", "user_groups") => &[List],
        ("projects", "experiments") => &[List, Show, Create, Update],
        ("projects", "comments" | "reports") => &read_only,
        ("projects" | "tasks", "activities") => &[List],
        ("projects", "user_group_assignments" | "team_assignments") => &all,
        ("experiments" | "tasks", "user_group_assignments" | "team_assignments") => {
            &[List, Show, Update]
        }
        ("experiments" | "tasks", "user_assignments") => &[List, Show, Update],
        ("experiments", "task_groups") => &read_only,
        ("experiments", "connections") => &[List, Show, Create, Delete],
        ("experiments", "tasks") => &[List, Show, Create, Update],
        ("tasks", "users" | "tags") => &read_only,
        ("tasks", "task_assignments") => &[List, Create, Delete],
        ("tasks", "protocols") => &[List, Show, Update],
        ("tasks", "results") if version == Version::V1 => &[List, Show, Create, Update],
        ("steps", "attachments") if version == Version::V1 => &[List, Show, Create],
        ("steps", "form_responses") => &read_only,
        ("inventory_items", "child_relationships" | "parent_relationships") => {
            &[List, Show, Create, Delete]
        }
        _ => &all,
    };
    ops.contains(&op)
}

/// The attributes a creation needs (SciNote answers 400 without them).
pub(crate) fn required(parent: &str, segment: &str, kind: &str) -> &'static [&'static str] {
    match (parent, segment, kind) {
        ("tasks", "items", _) => &["item_id"],
        (_, _, "tasks") => &["name", "x", "y"],
        (_, _, "checklist_items" | "step_texts" | "result_texts") => &["text"],
        (_, _, "connections") => &["input_id", "output_id"],
        ("projects", _, "user_assignments") => &["user_id", "user_role_id"],
        (_, _, "task_assignments") => &["user_id"],
        (
            _,
            _,
            "inventory_list_items" | "inventory_checklist_items" | "inventory_stock_unit_items",
        ) => &["data"],
        (_, _, "inventory_status_items") => &["status", "icon"],
        (_, _, "user_identities") => &["provider", "uid"],
        (_, "child_relationships", _) => &["child_id"],
        (_, "parent_relationships", _) => &["parent_id"],
        (_, _, "user_group_assignments") => &["user_group_id", "user_role_id"],
        (_, _, "team_assignments") => &["user_role_id"],
        (_, _, "inventory_cells") => &["column_id"],
        (_, _, "tables") => &["name", "contents"],
        _ => &["name"],
    }
}

/// The `include=` values a route accepts (others answer 400).
pub(crate) fn permitted_includes(segment: &str, kind: &str) -> &'static [&'static str] {
    match segment {
        "child_relationships" => return &["child"],
        "parent_relationships" => return &["parent"],
        _ => {}
    }
    match kind {
        "teams" => &["created_by"],
        "projects" => &["comments", "supervised_by"],
        "user_assignments" => &["user", "user_role", "assignable"],
        "checklists" => &["checklist_items"],
        "connections" => &["to", "from"],
        "inventory_items" => &["inventory_cells", "parents", "children"],
        "task_groups" => &["tasks"],
        "steps" => &[
            "tables",
            "assets",
            "checklists",
            "checklists.checklist_items",
            "comments",
            "user",
            "form_responses",
        ],
        "results" => &["comments", "result_texts", "tables", "assets"],
        "form_responses" => &["form_field_values", "form_field_values.form_field"],
        _ => &[],
    }
}

/// The child collection an include name reads from, when it is one.
pub(crate) fn include_segment(name: &str) -> &str {
    match name {
        "checklist_items" => "items",
        "inventory_cells" => "cells",
        "assets" => "attachments",
        "result_texts" => "texts",
        other => other,
    }
}

/// A relationship derived from a `*_id` attribute: (name, type).
pub(crate) fn relationship_of(attribute: &str) -> Option<(&'static str, &'static str)> {
    Some(match attribute {
        "user_id" => ("user", "users"),
        "user_role_id" => ("user_role", "user_roles"),
        "input_id" => ("from", "tasks"),
        "output_id" => ("to", "tasks"),
        "child_id" => ("child", "inventory_items"),
        "parent_id" => ("parent", "inventory_items"),
        "supervised_by_id" => ("supervised_by", "users"),
        "user_group_id" => ("user_group", "user_groups"),
        "team_id" => ("team", "teams"),
        _ => return None,
    })
}
