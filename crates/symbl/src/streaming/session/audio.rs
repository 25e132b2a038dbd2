//! The audio side of a session: frames out through a small buffer, and the
//! stop request at the end (sent on drop too).

use std::fmt;

use bytes::Bytes;
use futures::{Stream, StreamExt};
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::sync::mpsc;

use super::MAX_AUDIO_CHUNK;
use crate::error::{Result, SymblError};
use crate::ids::ConversationId;

/// What the audio task writes next.
pub(super) enum Outgoing {
    Audio(Bytes),
    Stop,
}

/// Sends audio: binary frames of at most [`MAX_AUDIO_CHUNK`] bytes, in
/// order, waiting while the session's small buffer is full.
///
/// Dropping it without [`stop`](Self::stop) sends the stop request too, so
/// the conversation is finished rather than left to time out.
pub struct AudioSender {
    pub(super) tx: mpsc::Sender<Outgoing>,
    pub(super) chunk_size: usize,
    pub(super) conversation_id: ConversationId,
}

impl fmt::Debug for AudioSender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AudioSender")
            .field("conversation_id", &self.conversation_id)
            .field("chunk_size", &self.chunk_size)
            .finish_non_exhaustive()
    }
}

impl AudioSender {
    /// Queues `audio` (split into frames of at most [`MAX_AUDIO_CHUNK`]
    /// bytes), waiting while the buffer is full.
    ///
    /// ```no_run
    /// # async fn run(audio: symbl::streaming::AudioSender, pcm: Vec<u8>) -> symbl::Result<()> {
    /// audio.send(pcm).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`SymblError::StreamEnded`] once the session is over (the event
    /// stream says why).
    pub async fn send(&self, audio: impl Into<Bytes>) -> Result<()> {
        let mut audio: Bytes = audio.into();
        while !audio.is_empty() {
            let frame = audio.split_to(audio.len().min(MAX_AUDIO_CHUNK));
            self.tx
                .send(Outgoing::Audio(frame))
                .await
                .map_err(|_| SymblError::StreamEnded)?;
        }
        Ok(())
    }

    /// Streams everything `reader` yields, one chunk at a time (the chunk
    /// size set on [`StreamingApi`](crate::streaming::StreamingApi::audio_chunk_size));
    /// a chunk is read only when the previous ones fit the buffer, so the
    /// source is never read ahead by more than a few chunks. Returns the
    /// bytes sent. Does not send the stop request.
    ///
    /// ```no_run
    /// # async fn run(audio: symbl::streaming::AudioSender) -> symbl::Result<()> {
    /// let file = tokio::fs::File::open("call.raw").await.expect("file");
    /// let sent = audio.send_reader(file).await?;
    /// audio.stop().await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`SymblError::AudioSource`] if reading fails, [`SymblError::StreamEnded`]
    /// if the session ends first.
    pub async fn send_reader<R: AsyncRead + Unpin>(&self, mut reader: R) -> Result<u64> {
        let mut total = 0u64;
        loop {
            let mut chunk = vec![0u8; self.chunk_size];
            let n = reader
                .read(&mut chunk)
                .await
                .map_err(|e| SymblError::AudioSource {
                    kind: e.kind(),
                    message: e.to_string(),
                })?;
            if n == 0 {
                return Ok(total);
            }
            chunk.truncate(n);
            self.send(chunk).await?;
            total += n as u64;
        }
    }

    /// Streams every chunk of `chunks` (larger ones split into frames of at
    /// most [`MAX_AUDIO_CHUNK`] bytes); the next chunk is asked for only when
    /// the previous one fits the buffer. Returns the bytes sent. Does not send
    /// the stop request.
    ///
    /// ```no_run
    /// use bytes::Bytes;
    ///
    /// # async fn run(audio: symbl::streaming::AudioSender) -> symbl::Result<()> {
    /// let chunks = futures::stream::iter([Bytes::from_static(&[0u8; 640])]);
    /// audio.send_stream(chunks).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`SymblError::StreamEnded`] if the session ends first.
    pub async fn send_stream<S, B>(&self, chunks: S) -> Result<u64>
    where
        S: Stream<Item = B>,
        B: Into<Bytes>,
    {
        let mut chunks = std::pin::pin!(chunks);
        let mut total = 0u64;
        while let Some(chunk) = chunks.next().await {
            let chunk: Bytes = chunk.into();
            total += chunk.len() as u64;
            self.send(chunk).await?;
        }
        Ok(total)
    }

    /// Sends the stop request (after the audio already queued) and returns
    /// the conversation id for the async APIs. The server then finishes the
    /// conversation, sends its last events and closes the stream.
    ///
    /// ```no_run
    /// # async fn run(audio: symbl::streaming::AudioSender, client: symbl::SymblClient) -> symbl::Result<()> {
    /// let conversation_id = audio.stop().await?;
    /// let messages = client.conversation(&conversation_id).messages().send().await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`SymblError::StreamEnded`] if the session ended before the request
    /// could be sent.
    pub async fn stop(self) -> Result<ConversationId> {
        self.tx
            .send(Outgoing::Stop)
            .await
            .map_err(|_| SymblError::StreamEnded)?;
        Ok(self.conversation_id)
    }

    /// The conversation id.
    ///
    /// ```no_run
    /// # fn run(audio: symbl::streaming::AudioSender) {
    /// println!("{}", audio.conversation_id());
    /// # }
    /// ```
    pub fn conversation_id(&self) -> &ConversationId {
        &self.conversation_id
    }
}
