//! Editing the selection from commands: delete, copy and paste (landing in free space), and
//! centring the view on an organisation.

use super::PatchworkApp;
use crate::edit::Edit;
use crate::edit::clipboard::Clipboard;
use crate::model::OrgId;

impl PatchworkApp {
    /// The selected organisations (and links among them) as a clipboard; `None` if nothing is
    /// selected.
    pub(super) fn selected_clipboard(&self) -> Option<Clipboard> {
        let clip = Clipboard::copy(self.doc.map(), &self.view.selection);
        (!clip.is_empty()).then_some(clip)
    }

    /// Removes the selected organisations (with their links) and selected links, as one undo
    /// step named `label` ("Delete", "Cut") and what went.
    pub(super) fn delete_selection(&mut self, label: &str) {
        let orgs: Vec<OrgId> = self.view.selection.iter().cloned().collect();
        let links: Vec<_> = self
            .view
            .selected_links
            .iter()
            .filter(|l| self.doc.map().link_record(l).is_some_and(|r| !orgs.contains(&r.from) && !orgs.contains(&r.to)))
            .cloned()
            .collect();
        if orgs.is_empty() && links.is_empty() {
            return;
        }
        let label = match (orgs.len(), links.len()) {
            (0, 1) => format!("{label} link"),
            (0, n) => format!("{label} {n} links"),
            (1, 0) => format!("{label} organisation"),
            (n, _) => format!("{label} {n} organisations"),
        };
        let edit = Edit::Batch(vec![Edit::RemoveLinks(links), Edit::RemoveOrganisations(orgs)]);
        match self.doc.apply(label, edit) {
            Ok(()) => self.view.clear_selection(),
            Err(e) => self.notices.error(e.to_string()),
        }
    }

    /// Pastes `clip` in free space (see [`Self::paste_offset`]) as one undo step and selects
    /// what was pasted.
    pub(super) fn paste(&mut self, clip: &Clipboard) {
        self.paste_count += 1;
        let offset = self.paste_offset(clip);
        let (edit, ids) = clip.paste_edit(self.doc.map(), offset);
        let label =
            if ids.len() == 1 { "Paste organisation".to_owned() } else { format!("Paste {} organisations", ids.len()) };
        match self.doc.apply(label, edit) {
            Ok(()) => self.view.select_only(ids),
            Err(e) => self.notices.error(e.to_string()),
        }
    }

    /// How far to move pasted organisations: the group, as a whole, lands in free space in view
    /// beside the selection (the last paste) or the view's centre; when the view is full,
    /// successive pastes step through it and wrap.
    fn paste_offset(&self, clip: &Clipboard) -> [f32; 2] {
        let map = self.doc.map();
        let orgs = &clip.organisations;
        if orgs.is_empty() {
            return [0.0, 0.0];
        }
        let (mut min, mut max) = ([f32::INFINITY; 2], [f32::NEG_INFINITY; 2]);
        for o in orgs {
            let e = self.scene.scene().new_node_extent(&o.name);
            let [x, y] = o.position;
            min = [min[0].min(x + e.0[0]), min[1].min(y + e.0[1])];
            max = [max[0].max(x + e.1[0]), max[1].max(y + e.1[1])];
        }
        let centre = [f32::midpoint(min[0], max[0]), f32::midpoint(min[1], max[1])];
        let extent = ([min[0] - centre[0], min[1] - centre[1]], [max[0] - centre[0], max[1] - centre[1]]);
        let taken = crate::ui::placement::obstacles(map, self.scene.scene(), &self.view, None);
        let near = crate::ui::placement::wished_point(map, &self.view);
        let at = crate::ui::placement::spot(&self.view, near, extent, &taken, self.paste_count);
        [at[0] - centre[0], at[1] - centre[1]]
    }

    /// Centres the view on `id`, zooming in to at least 80 % so it can be read.
    pub(super) fn focus_on(&mut self, id: &OrgId) {
        if let Some(org) = self.doc.map().org(id) {
            self.view.center = org.position;
            self.view.zoom = self.view.zoom.max(0.8);
        }
    }
}
