//! `resource_api!`: one handle per collection, its methods chosen from
//! `list`, `get`, `create`, `update`, `delete`, each with an example.

/// Generates a collection handle.
///
/// `example` is the expression reaching the handle from a `client`, used in
/// every method's example; `create`/`update` name the write body types and
/// an expression building one.
macro_rules! resource_api {
    (
        $(#[$meta:meta])*
        $name:ident {
            attributes: $attrs:ty,
            id: $id:ty,
            op: $op:literal,
            example: $ex:literal,
            $(create: $cr:tt,)?
            $(update: $up:tt,)?
            methods: [$($method:ident),*] $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $name {
            pub(crate) c: $crate::api::Collection,
        }

        impl $name {
            #[allow(dead_code)]
            pub(crate) fn from_collection(c: $crate::api::Collection) -> Self {
                Self { c }
            }

            resource_api!(@each ($op, $attrs, $id, $ex) ($($cr)?) ($($up)?) $($method)*);
        }
    };

    (@each $ctx:tt $cr:tt $up:tt) => {};
    (@each $ctx:tt $cr:tt $up:tt $m:ident $($rest:ident)*) => {
        resource_api!(@$m $ctx $cr $up);
        resource_api!(@each $ctx $cr $up $($rest)*);
    };

    (@list ($op:literal, $attrs:ty, $id:ty, $ex:literal) $cr:tt $up:tt) => {
        /// Lists the resources (one page with `.send()`, all lazily with
        /// `.into_stream()` or collected with `.all()`).
        ///
        /// ```no_run
        /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
        #[doc = concat!("let all = ", $ex, ".list().page_size(100).all().await?;")]
        /// # let _ = all; Ok(()) }
        /// ```
        pub fn list(&self) -> $crate::pagination::List<$attrs> {
            self.c.list(concat!("list_", $op))
        }
    };

    (@get ($op:literal, $attrs:ty, $id:ty, $ex:literal) $cr:tt $up:tt) => {
        /// One resource, with the related resources named in `include`
        /// (`&[]` for none) in the document's `included`.
        ///
        /// # Errors
        /// [`SciNoteError::JsonApi`](crate::SciNoteError::JsonApi) with status
        /// 404 when it does not exist in this scope, 400 on an include the
        /// route does not support; transport and auth errors as every call.
        ///
        /// ```no_run
        /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
        #[doc = concat!("let doc = ", $ex, ".get(9, &[]).await?;")]
        /// println!("{:?}", doc.data.attributes);
        /// # Ok(()) }
        /// ```
        pub async fn get(
            &self,
            id: impl Into<$id>,
            include: &[&str],
        ) -> $crate::Result<$crate::jsonapi::Document<$crate::jsonapi::Resource<$attrs>>> {
            let id: $id = id.into();
            self.c.get_document(concat!("get_", $op), id.as_str(), include).await
        }
    };

    (@create ($op:literal, $attrs:ty, $id:ty, $ex:literal) (($new:ty, $new_ex:literal)) $up:tt) => {
        /// Creates a resource.
        ///
        /// # Errors
        /// [`SciNoteError::JsonApi`](crate::SciNoteError::JsonApi) with status
        /// 400 on a validation error, 404 when the parent does not exist,
        /// 403 without the permission.
        ///
        /// ```no_run
        /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
        /// use scinote::models::*;
        #[doc = concat!("let created = ", $ex, ".create(&", $new_ex, ").await?;")]
        /// println!("{}", created.id);
        /// # Ok(()) }
        /// ```
        pub async fn create(&self, new: &$new) -> $crate::Result<$crate::jsonapi::Resource<$attrs>> {
            self.c.create(concat!("create_", $op), new, Vec::new()).await
        }
    };

    (@update ($op:literal, $attrs:ty, $id:ty, $ex:literal) $cr:tt (($upd:ty, $upd_ex:literal))) => {
        /// Updates a resource: only the attributes set are sent.
        ///
        /// # Errors
        /// [`SciNoteError::JsonApi`](crate::SciNoteError::JsonApi) with status
        /// 404 when it does not exist, 400 on a validation error.
        ///
        /// ```no_run
        /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
        /// use scinote::models::*;
        #[doc = concat!("let updated = ", $ex, ".update(9, &", $upd_ex, ").await?;")]
        /// # let _ = updated; Ok(()) }
        /// ```
        pub async fn update(
            &self,
            id: impl Into<$id>,
            changes: &$upd,
        ) -> $crate::Result<$crate::jsonapi::Resource<$attrs>> {
            let id: $id = id.into();
            self.c.update(concat!("update_", $op), id.as_str(), changes).await
        }
    };

    (@delete ($op:literal, $attrs:ty, $id:ty, $ex:literal) $cr:tt $up:tt) => {
        /// Deletes a resource.
        ///
        /// # Errors
        /// [`SciNoteError::JsonApi`](crate::SciNoteError::JsonApi) with status
        /// 404 when it does not exist, 403 without the permission.
        ///
        /// ```no_run
        /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
        #[doc = concat!($ex, ".delete(9).await?;")]
        /// # Ok(()) }
        /// ```
        pub async fn delete(&self, id: impl Into<$id>) -> $crate::Result<()> {
            let id: $id = id.into();
            self.c.delete(concat!("delete_", $op), id.as_str()).await
        }
    };
}

pub(crate) use resource_api;
