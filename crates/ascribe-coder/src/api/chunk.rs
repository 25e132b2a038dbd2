//! Cutting batches into requests the service accepts.

use auth_core::http::ApiRequest;
use serde::de::DeserializeOwned;

use crate::api::invalid;
use crate::client::AscribeClient;
use crate::error::{Error, Result};

/// The most items (responses, respondent ids, questions, codes) the service
/// takes in one request: its documented recommendation of 1000 responses
/// per call, applied to every batch.
pub const MAX_BATCH_SIZE: usize = 1000;

/// The chunk size to use: the one set on the call, else the client's;
/// refused when 0 or above [`MAX_BATCH_SIZE`].
pub(crate) fn chunk_size(explicit: Option<usize>, client: &AscribeClient) -> Result<usize> {
    let size = explicit.unwrap_or_else(|| client.chunk_size());
    if size == 0 {
        return Err(invalid("chunk_size must be at least 1"));
    }
    if size > MAX_BATCH_SIZE {
        return Err(Error::ChunkSizeTooLarge {
            requested: size,
            max: MAX_BATCH_SIZE,
        });
    }
    Ok(size)
}

/// Cuts groups of items (a question's responses, a codebook's codes) into
/// chunks of at most `size` items in all, in order; a group larger than
/// what is left of a chunk is split across chunks. Empty groups are kept
/// (in the chunk they fall in) so the service still sees them.
pub(crate) fn chunk_groups<K: Copy, T>(groups: &[(K, Vec<T>)], size: usize) -> Vec<Vec<(K, &[T])>> {
    let size = size.max(1);
    let mut chunks: Vec<Vec<(K, &[T])>> = Vec::new();
    let mut current: Vec<(K, &[T])> = Vec::new();
    let mut room = size;
    for (key, items) in groups {
        if items.is_empty() {
            current.push((*key, &items[..]));
            continue;
        }
        let mut rest = &items[..];
        while !rest.is_empty() {
            if room == 0 {
                chunks.push(std::mem::take(&mut current));
                room = size;
            }
            let take = room.min(rest.len());
            let (head, tail) = rest.split_at(take);
            current.push((*key, head));
            room -= take;
            rest = tail;
        }
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks
}

/// Wraps the error of chunk `index` (0-based) of `chunks`; a single-request
/// batch keeps its plain error, as nothing was stored before it.
pub(crate) fn chunk_failed(e: Error, index: usize, chunks: usize, sent: usize) -> Error {
    if chunks <= 1 {
        return e;
    }
    Error::ChunkFailed {
        chunk: index + 1,
        chunks,
        responses_sent: sent,
        source: Box::new(e),
    }
}

/// Sends `items` in chunks of `size` with `request(chunk)`, merging the
/// answers with `absorb`.
pub(crate) async fn send_chunked<T, R: DeserializeOwned + Default>(
    client: &AscribeClient,
    items: &[T],
    size: usize,
    mut request: impl FnMut(&[T]) -> auth_core::Result<ApiRequest>,
    absorb: impl Fn(&mut R, R),
) -> Result<R> {
    let chunks: Vec<&[T]> = items.chunks(size).collect();
    let total = chunks.len();
    let mut result = R::default();
    let mut sent = 0;
    for (i, chunk) in chunks.into_iter().enumerate() {
        match client.call::<R>(request(chunk)?).await {
            Ok(part) => {
                absorb(&mut result, part);
                sent += chunk.len();
            }
            Err(e) => return Err(chunk_failed(e, i, total, sent)),
        }
    }
    Ok(result)
}

/// How many items a chunk carries.
pub(crate) fn items_in<K, T>(chunk: &[(K, &[T])]) -> usize {
    chunk.iter().map(|(_, items)| items.len()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_split_across_chunks_in_order() {
        let groups = vec![
            (1, vec![1, 2, 3]),
            (2, vec![4, 5]),
            (3, vec![]),
            (4, vec![6]),
        ];
        let chunks = chunk_groups(&groups, 2);
        let shape: Vec<Vec<(i32, Vec<i32>)>> = chunks
            .iter()
            .map(|c| c.iter().map(|(k, v)| (*k, v.to_vec())).collect())
            .collect();
        assert_eq!(
            shape,
            vec![
                vec![(1, vec![1, 2])],
                vec![(1, vec![3]), (2, vec![4])],
                vec![(2, vec![5]), (3, vec![]), (4, vec![6])],
            ]
        );
        assert_eq!(chunks.iter().map(|c| items_in(c)).sum::<usize>(), 6);
    }

    #[test]
    fn one_chunk_when_everything_fits() {
        let groups = vec![(1, vec![1; 10])];
        assert_eq!(chunk_groups(&groups, 1000).len(), 1);
    }
}
